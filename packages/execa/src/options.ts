import { constants } from 'node:os';
import { OWNER_ENV } from '@lifeline/core/protocol';

export type Options = Record<string, unknown>;

/** execa's own test for a plain options object (is-plain-obj): what binds options rather than calls. */
export function isPlainObject(value: unknown): value is Options {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** execa's test for a template-literal call: execa`cmd ${arg}`. */
export const isTemplate = (value: unknown): value is TemplateStringsArray =>
  Array.isArray(value) && Array.isArray((value as unknown as TemplateStringsArray).raw);

export const isError = (value: unknown): value is Error => Object.prototype.toString.call(value) === '[object Error]';

/** execa's shallow merge, with `env` merged key by key (its deep options we rely on). */
export function merge(base: Options, over: Options): Options {
  const env = isPlainObject(base.env) && isPlainObject(over.env) ? { ...base.env, ...over.env } : undefined;
  return { ...base, ...over, ...(env ? { env } : {}) };
}

/**
 * What every tracked subprocess is given, last, so nothing overrides it: its own process group
 * (`detached`, except on Windows where it means a new console), the owner tag (merged into env,
 * so `extendEnv: false` still carries it), and no force-kill timer of execa's own — our
 * escalation (subprocess.kill → the manager) ends the whole tree instead (track.ts).
 */
export function forcedOptions(ownerId: string): Options {
  return {
    ...(process.platform === 'win32' ? {} : { detached: true }),
    env: { [OWNER_ENV]: ownerId },
    forceKillAfterDelay: false,
  };
}

/** The kill settings a call ended up with: its killSignal, and forceKillAfterDelay as a grace for our escalation. */
export interface KillSettings {
  signal: NodeJS.Signals;
  /** undefined: the manager's graceMs. */
  graceMs: number | undefined;
}

/** setTimeout's ceiling: forceKillAfterDelay: false waits this long (24.8 days) before forcing. */
const NEVER_MS = 2 ** 31 - 1;

export function killSettings(options: Options): KillSettings {
  const delay = options.forceKillAfterDelay;
  return {
    signal: signalName(options.killSignal ?? 'SIGTERM') ?? 'SIGTERM',
    graceMs: typeof delay === 'number' ? delay : delay === false ? NEVER_MS : undefined,
  };
}

/** A signal name or number as node knows it, or null (execa itself reports an invalid one). */
export function signalName(signal: unknown): NodeJS.Signals | null {
  const signals = constants.signals as Record<string, number>;
  if (typeof signal === 'string') return signal in signals ? (signal as NodeJS.Signals) : null;
  if (typeof signal === 'number') {
    const name = Object.keys(signals).find((key) => signals[key] === signal);
    return (name as NodeJS.Signals | undefined) ?? null;
  }
  return null;
}
