import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit';

describe('GroupCommitter', () => {
  it('hands ops issued in the same moment to one commit and each caller its own result', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommitter<number, number>(async (ops) => {
      batches.push(ops);
      return ops.map((op) => op * 10);
    });
    expect(await Promise.all([1, 2, 3].map((n) => gc.enqueue(n)))).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('ops that arrive while a commit runs form the next batch; commits never overlap', async () => {
    const batches: number[][] = [];
    let active = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const gc = new GroupCommitter<number, void>(async (ops) => {
      active++;
      expect(active).toBe(1);
      batches.push(ops);
      if (batches.length === 1) await gate;
      active--;
      return ops.map(() => undefined);
    });
    const first = gc.enqueue(1);
    await new Promise((r) => setImmediate(r));
    const later = [gc.enqueue(2), gc.enqueue(3), gc.enqueue(4)];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every op of a failed batch and keeps going', async () => {
    let fail = true;
    const gc = new GroupCommitter<number, number>(async (ops) => {
      if (fail) throw new Error('disk on fire');
      return ops;
    });
    const results = await Promise.allSettled([gc.enqueue(1), gc.enqueue(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await gc.enqueue(3)).toBe(3);
  });

  it('flush waits for queued ops; close refuses new ones', async () => {
    const done: number[] = [];
    const gc = new GroupCommitter<number, void>(async (ops) => {
      done.push(...ops);
      return ops.map(() => undefined);
    });
    void gc.enqueue(1);
    await gc.flush();
    expect(done).toEqual([1]);
    await gc.close();
    await expect(gc.enqueue(2)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });
});
