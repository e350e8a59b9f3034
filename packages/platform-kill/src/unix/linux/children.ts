import { existsSync, readdirSync } from 'node:fs';
import { parseChildren } from './parse-proc-files';
import { listPids, readText, statOrNull } from './proc';

let childrenFiles: boolean | undefined;
/** Does this kernel have /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN)? Checked once, on ourselves. */
export function hasChildrenFiles(): boolean {
  childrenFiles ??= existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  return childrenFiles;
}

/**
 * Direct children of `pid` from /proc/<pid>/task/<tid>/children. There is one file per thread
 * and a child is listed under the thread that forked it, so every thread's file is read: the
 * main thread's alone would miss children started from worker threads. A thread or process
 * that exits while we read simply contributes nothing.
 */
export function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    const raw = readText(`/proc/${pid}/task/${tid}/children`);
    if (raw !== null) for (const child of parseChildren(raw)) out.push(child);
  }
  return out;
}

/** ppid → children map from one pass over /proc (the fallback, ~1 read per process). */
export function scanParents(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const pid of listPids()) {
    const stat = statOrNull(pid);
    if (!stat) continue;
    const list = byParent.get(stat.ppid);
    if (list) list.push(pid);
    else byParent.set(stat.ppid, [pid]);
  }
  return byParent;
}

/**
 * Every descendant of `root` (not root itself), breadth first. Processes that called setsid or
 * left the group are still children of their parent, so they are found while the tree is intact.
 */
export function descendantsOf(root: number, useChildrenFiles = hasChildrenFiles()): number[] {
  const out: number[] = [];
  const seen = new Set<number>([root]);
  // Without children files, one full /proc scan builds the parent → children map instead.
  const byParent = useChildrenFiles ? undefined : scanParents();
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i] as number;
    const kids = byParent ? (byParent.get(pid) ?? []) : childrenOf(pid);
    for (const kid of kids) {
      if (seen.has(kid)) continue;
      seen.add(kid);
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}
