import { isPlainObject, isTemplate, type Options } from './options';

type Fn = (...args: unknown[]) => unknown;
interface Pipeable {
  pipe: Fn;
}

/**
 * `source.pipe('cmd', args, options)` and source.pipe`cmd` make their destination with execa's
 * internal, unbound method, which would start it untracked. So the destination is made here with
 * the tracked method (`start`) — stdin piped, as execa makes it — and handed to execa's own
 * `pipe(destination, pipeOptions)`. A destination you made yourself goes through unchanged. The
 * promise `pipe` returns can be piped on: its `pipe` is rewired the same way.
 */
export function rewirePipe(target: Pipeable, start: Fn, bound: Options = {}): void {
  const original = target.pipe.bind(target) as Fn;
  target.pipe = makePipe(original, start, bound);
}

function makePipe(original: Fn, start: Fn, bound: Options): Fn {
  return (first?: unknown, ...rest: unknown[]) => {
    if (isPlainObject(first)) {
      const more = { ...bound, ...first };
      return makePipe(original, start, more);
    }
    let result: unknown;
    if (isTemplate(first)) {
      const destination = (start({ ...bound, stdin: 'pipe' }) as Fn)(first, ...rest);
      result = original(destination, bound);
    } else if ((typeof first === 'string' || first instanceof URL) && Object.keys(bound).length === 0) {
      const [args, options] = Array.isArray(rest[0]) ? [rest[0], rest[1]] : [[], rest[0]];
      const callOptions = isPlainObject(options) ? options : {};
      const destination = start(first, args, { ...callOptions, stdin: 'pipe' });
      result = original(destination, callOptions);
    } else {
      // A subprocess as destination (or a misuse execa reports itself: it starts nothing then).
      result = Object.keys(bound).length > 0 ? (original(bound) as Fn)(first, ...rest) : original(first, ...rest);
    }
    if (result && typeof (result as Pipeable).pipe === 'function') rewirePipe(result as Pipeable, start);
    return result;
  };
}
