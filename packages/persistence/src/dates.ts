/**
 * A real calendar date: "2024-02-30" matches the ISO pattern but is not a day. Used by the zod
 * schema (the authority); fast-record.ts checks the day with the arithmetic below instead,
 * which agrees with this for the years it accepts (1970–9999) and costs a tenth as much.
 */
export function isRealDate(text: string): boolean {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const days = new Date(Date.UTC(y as number, m as number, 0)).getUTCDate();
  return (d as number) >= 1 && (d as number) <= days;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is `day` a day of `month` (1–12) in `year` (Gregorian)? */
export function isDayOf(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return day >= 1 && day <= days;
}
