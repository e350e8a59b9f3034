/** What a scenario hands back to the runner: goals (pass/fail) and tables of figures. */

export type Cell = string | number | boolean | null;

export interface Table {
  title?: string;
  headers: string[];
  rows: Cell[][];
}

export interface Goal {
  name: string;
  target: string;
  measured: string;
  ok: boolean;
}

export interface ScenarioResult {
  id: number;
  title: string;
  goals: Goal[];
  tables: Table[];
  notes: string[];
  durationMs: number;
}

/** A goal "this count must be `target` (default 0)". */
export function countGoal(name: string, measured: number, target = 0): Goal {
  return { name, target: String(target), measured: String(measured), ok: measured === target };
}

/** A goal "this must hold", with what was seen. */
export function checkGoal(name: string, ok: boolean, measured: string, target = 'yes'): Goal {
  return { name, target, measured, ok };
}

/** Collects one scenario's output while it runs. */
export class ScenarioReport {
  readonly goals: Goal[] = [];
  readonly tables: Table[] = [];
  readonly notes: string[] = [];
  constructor(
    readonly id: number,
    readonly title: string,
  ) {}

  goal(goal: Goal): void {
    this.goals.push(goal);
  }
  table(table: Table): void {
    this.tables.push(table);
  }
  note(text: string): void {
    this.notes.push(text);
  }
  finish(durationMs: number): ScenarioResult {
    return { id: this.id, title: this.title, goals: this.goals, tables: this.tables, notes: this.notes, durationMs };
  }
}
