/**
 * Generated registry entries for the fast-path-vs-zod agreement test: records as Lifeline
 * writes them (every one must pass the fast path), the same records with one or more fields
 * broken or made unusual, arbitrary JSON values, and every bad input of the other tests.
 * Deterministic (seeded), so a failure names a case that can be replayed.
 */
const MAX_PID = 2 ** 31 - 1;

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pickOne = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const text = (rand: Rand, length: number) =>
  Array.from({ length }, () => pickOne(rand, ['a', '/', ' ', 'é', '"', '\\', '\n', '😀'.charAt(0), 'Z'])).join('');

function goodDate(rand: Rand): string {
  const year = int(rand, 1970, 2100);
  const month = int(rand, 1, 12);
  const day = int(rand, 1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const time = `${pad(int(rand, 0, 23))}:${pad(int(rand, 0, 59))}:${pad(int(rand, 0, 59))}`;
  const fraction = pickOne(rand, [
    '',
    '.000',
    `.${pad(int(rand, 0, 999), 3)}`,
    `.${pad(int(rand, 0, 999_999_999), 9)}`,
  ]);
  const zone = pickOne(rand, ['Z', 'Z', '+02:00', '-05:30', '+23:59', '-00:00']);
  return `${year}-${pad(month)}-${pad(day)}T${time}${fraction}${zone}`;
}

const goodPid = (rand: Rand) => pickOne(rand, [2, 3, 300, int(rand, 2, 4_194_304), MAX_PID - 1, MAX_PID]);
const goodShort = (rand: Rand) => pickOne(rand, [null, '', '1834520', text(rand, int(rand, 0, 20)), 'x'.repeat(256)]);

/** A record as Lifeline (or Script Kit: the three required fields only) writes it. */
export function goodRecord(rand: Rand): Record<string, unknown> {
  const record: Record<string, unknown> = {
    pid: goodPid(rand),
    script_path: pickOne(rand, ['/s/hello.ts', '', text(rand, int(rand, 0, 40)), 'p'.repeat(4096)]),
    started_at: goodDate(rand),
  };
  if (rand() < 0.5) record.pgid = rand() < 0.2 ? null : goodPid(rand);
  if (rand() < 0.6) record.start_time = goodShort(rand);
  if (rand() < 0.6) record.boot_id = goodShort(rand);
  if (rand() < 0.5) record.command = pickOne(rand, ['bun run x.ts', '', 'c'.repeat(16_384)]);
  if (rand() < 0.5) {
    const owner: Record<string, unknown> = {
      id: pickOne(rand, ['o', 'll-5f2c9a', 'i'.repeat(128)]),
      pid: goodPid(rand),
    };
    if (rand() < 0.5) owner.start_time = goodShort(rand);
    if (rand() < 0.5) owner.boot_id = goodShort(rand);
    record.owner = owner;
  }
  if (rand() < 0.5) record.name = pickOne(rand, ['hello', '', 'n'.repeat(256)]);
  if (rand() < 0.3) record.cgroup = pickOne(rand, [null, '/sys/fs/cgroup/lifeline-ll-1/c-1', 'g'.repeat(4096)]);
  if (rand() < 0.3) {
    const path = () => pickOne(rand, ['/state/logs/runs/hello-1.log', '', 'o'.repeat(4096)]);
    const output: Record<string, unknown> = {};
    if (rand() < 0.7) output.stdout = path();
    if (rand() < 0.7) output.stderr = rand() < 0.5 && output.stdout !== undefined ? output.stdout : path();
    record.output = output;
  }
  return shuffleKeys(rand, record);
}

/** Key order must not matter to either validator (zod's output is in schema order). */
function shuffleKeys(rand: Rand, record: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(record);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = int(rand, 0, i);
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries);
}

const BAD_PIDS = [
  0,
  1,
  -1,
  -0,
  2 ** 31,
  2 ** 53,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '12',
  null,
  undefined,
  true,
  [],
  {},
  2 ** 32 + 5,
];
const BAD_DATES = [
  '2024-02-30T10:30:00Z',
  '2023-02-29T00:00:00Z',
  '2024-01-15',
  'yesterday',
  '',
  '2024-01-15T24:00:00Z',
  '2024-01-15T10:30:00',
  '2024-01-15T10:30Z',
  '2024-01-15T10:30:00+2:00',
  '2024-01-15T10:30:00+24:00',
  '2024-01-15T10:30:00.Z',
  '2024-01-15t10:30:00z',
  '2024-01-15 10:30:00Z',
  '+002024-01-15T10:30:00Z',
  '2024-13-01T00:00:00Z',
  '2024-00-10T00:00:00Z',
  '2024-01-00T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '1900-02-29T00:00:00Z',
  `2024-01-15T10:30:00.${'1'.repeat(50)}Z`,
  '２０２４-01-15T10:30:00Z',
  ' 2024-01-15T10:30:00Z',
  '2024-01-15T10:30:00Z\n',
  1705314600000,
  null,
  undefined,
];
/** Accepted by zod, outside the fast path: the fallback must decide them. */
const UNUSUAL_DATES = [
  '1969-12-31T23:59:59Z',
  '0000-02-29T00:00:00Z',
  '0004-02-29T00:00:00Z',
  '0100-03-01T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '2024-01-15T10:30:00.1234567890Z',
];
const badText = (max: number) => ['x'.repeat(max + 1), 'x'.repeat(max + 1000), 5, true, ['a'], { a: 1 }];

const MUTATIONS: Record<string, readonly unknown[]> = {
  pid: BAD_PIDS,
  script_path: [...badText(4096), null, undefined],
  started_at: [...BAD_DATES, ...UNUSUAL_DATES],
  pgid: [1, 0, -5, '5', 2 ** 31, 1.5, false, null],
  start_time: [...badText(256), 0, null],
  boot_id: [...badText(256), null],
  command: [...badText(16_384), null],
  name: [...badText(256), null],
  output: [
    null,
    'o',
    [],
    5,
    { stdout: 5 },
    { stdout: 'o'.repeat(4097) },
    { stderr: null },
    { stdout: '/a', extra: 1 },
    { stdout: ['/a'] },
  ],
  owner: [
    null,
    'o',
    [],
    5,
    { id: '', pid: 5 },
    { id: 'i'.repeat(129), pid: 5 },
    { id: 'o', pid: 0 },
    { id: 'o', pid: 1 },
    { id: 'o', pid: 2 ** 31 },
    { id: 'o' },
    { pid: 5 },
    { id: 5, pid: 5 },
    { id: 'o', pid: 5, start_time: 's'.repeat(257) },
    { id: 'o', pid: 5, boot_id: 7 },
    { id: 'o', pid: 5, extra: 1 },
    { id: 'o', pid: '5' },
  ],
};

/** An arbitrary JSON-ish value (what a fuzzer or a foreign writer might put anywhere). */
export function anyValue(rand: Rand, depth = 0): unknown {
  const kind = int(rand, 0, depth > 2 ? 5 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pickOne(rand, [0, 1, 2, -1, 1.5, 2 ** 31, MAX_PID, int(rand, -1e9, 1e10), rand() * 1e6]);
    case 3:
      return text(rand, int(rand, 0, 8));
    case 4:
      return pickOne(rand, ['x'.repeat(257), 'x'.repeat(4097), goodDate(rand), '12']);
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: int(rand, 0, 3) }, () => anyValue(rand, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(rand, 0, 4) }, () => [
          pickOne(rand, ['id', 'pid', 'start_time', 'x', '']),
          anyValue(rand, depth + 1),
        ]),
      );
  }
}

/** A good record with 1–3 fields replaced by bad, unusual or arbitrary values, or an unknown field added. */
export function mutatedRecord(rand: Rand): Record<string, unknown> {
  const record = goodRecord(rand);
  const fields = Object.keys(MUTATIONS);
  for (let n = int(rand, 1, 3); n > 0; n--) {
    const roll = rand();
    const field = pickOne(rand, fields);
    if (roll < 0.6) record[field] = pickOne(rand, MUTATIONS[field] as unknown[]);
    else if (roll < 0.75) record[field] = anyValue(rand);
    else if (roll < 0.85) delete record[field];
    else record[pickOne(rand, ['future', 'extra', 'PID', '__proto__x', ''])] = anyValue(rand);
  }
  return record;
}

const base = { script_path: '/s/hello.ts', started_at: '2024-01-15T10:30:00Z' };
let deep: unknown = 1;
for (let i = 0; i < 10_000; i++) deep = [deep];

/** Every bad (or odd) input the other tests use (schema, salvage, bad-input), as entries. */
export const KNOWN_CASES: unknown[] = [
  ...[0, 1, -1, 2 ** 53, 2 ** 31, 1.5, Number.NaN, '12', null, undefined].map((pid) => ({ ...base, pid })),
  { ...base, pid: 2 },
  { ...base, pid: MAX_PID },
  ...[
    '2024-01-15T10:30:00Z',
    '2024-01-15T10:30:00.123456789Z',
    '2024-01-15T10:30:00+02:00',
    '2024-02-30T10:30:00Z',
    '2024-01-15',
    'yesterday',
    '',
  ].map((started_at) => ({ ...base, pid: 5, started_at })),
  { ...base, pid: 5, script_path: 'x'.repeat(5000) },
  { ...base, pid: 5, name: 'x'.repeat(300) },
  { ...base, pid: 5, cgroup: '/sys/fs/cgroup/unified/lifeline-ll-1/c-3' },
  { ...base, pid: 5, cgroup: null },
  { ...base, pid: 5, cgroup: 'x'.repeat(5000) },
  { ...base, pid: 5, cgroup: 7 },
  { ...base, pid: 5, output: { stdout: '/l/a.log', stderr: '/l/a.log' } },
  { ...base, pid: 5, output: { stderr: '/l/e.log' } },
  { ...base, pid: 5, output: {} },
  { ...base, pid: 5, output: { stdout: 7 } },
  { ...base, pid: 5, output: { stdout: '/l/a.log', next: { v: 2 } } },
  { ...base, pid: 5, output: '/l/a.log' },
  { ...base, pid: 5, pgid: 1 },
  { ...base, pid: 5, pgid: null, start_time: '123', boot_id: null },
  { ...base, pid: 5, owner: { id: 'o', pid: 0 } },
  { ...base, pid: 5, owner: { id: 'o', pid: 77, start_time: '9' } },
  { ...base, pid: 5, future: 'x', deep, huge: 'y'.repeat(10_000) },
  { hello: 'world' },
  { 10: { ...base, pid: 10 }, 11: { ...base, pid: 11 } },
  [{ ...base, pid: 10 }],
  JSON.parse('[[[[[]]]]]'),
  JSON.parse('{"__proto__": {"pid": 5}, "pid": 5, "script_path": "/a", "started_at": "2024-01-15T10:30:00Z"}'),
  JSON.parse('{"a":{"a":{"a":1}}}'),
  null,
  undefined,
  5,
  'record',
  true,
  Object.assign(Object.create(null), { ...base, pid: 5 }),
  new Date(),
  new Map([['pid', 5]]),
];
