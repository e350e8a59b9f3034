import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Whether to colour, decided here rather than by picocolors' own guess because picocolors
 * treats FORCE_COLOR=0 as "force on". NO_COLOR (any non-empty value) wins; FORCE_COLOR=0/false
 * turns colour off, any other FORCE_COLOR turns it on; otherwise colour only on a terminal.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function makeColors(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}
