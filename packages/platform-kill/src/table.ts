import type { Collected, CollectQuery } from './adapter';
import type { ProcessIdentity } from './types';

/**
 * Tree and group answers from one full process-table read (darwin `ps -A`, Windows CIM).
 * `checkCreationOrder`: on Windows a ParentProcessId may name a dead parent whose pid was
 * reused, so a "child" that started before its "parent" is not its child.
 */
export function childrenMap(table: ProcessIdentity[], checkCreationOrder = false): Map<number, number[]> {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const byParent = new Map<number, number[]>();
  for (const p of table) {
    if (p.ppid === p.pid) continue; // pid 0 on Windows is its own parent
    if (checkCreationOrder) {
      const parent = byPid.get(p.ppid);
      if (parent?.startTime && p.startTime && p.startTime < parent.startTime) continue;
    }
    const list = byParent.get(p.ppid);
    if (list) list.push(p.pid);
    else byParent.set(p.ppid, [p.pid]);
  }
  return byParent;
}

export function walk(byParent: Map<number, number[]>, root: number): number[] {
  const out: number[] = [];
  const seen = new Set([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const kid of byParent.get(queue[i] as number) ?? []) {
      if (seen.has(kid)) continue;
      seen.add(kid);
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}

export function collectFromTable(table: ProcessIdentity[], query: CollectQuery, checkCreationOrder = false): Collected {
  const identities = new Map(table.map((p) => [p.pid, p]));
  const byParent = childrenMap(table, checkCreationOrder);
  const groups = new Map<number, number[]>();
  for (const pgid of query.groups) groups.set(pgid, []);
  if (query.groups.length > 0) {
    for (const p of table) if (p.pgid !== null) groups.get(p.pgid)?.push(p.pid);
  }
  const trees = new Map<number, number[]>();
  const roots = [...query.trees];
  if (query.groupTrees) for (const members of groups.values()) roots.push(...members);
  for (const root of roots) if (!trees.has(root)) trees.set(root, walk(byParent, root));
  return { identities, trees, groups };
}

/** Own pgid and ancestors from a table: walk ppid links from our pid. */
export function selfFromTable(table: ProcessIdentity[], pid: number) {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const ancestors = new Set<number>();
  let current = byPid.get(pid);
  const pgid = current?.pgid ?? null;
  for (let hops = 0; current && hops < 4096; hops++) {
    const parent = current.ppid;
    if (parent <= 0 || parent === current.pid || ancestors.has(parent)) break;
    ancestors.add(parent);
    current = byPid.get(parent);
  }
  return { pid, pgid, ancestors };
}
