import type { LayoutPreset } from '@lifeline/persistence/layout';
import { type Colors, colorEnabled, makeColors } from './output/color.js';
import { type CliIo, outputWidth, terminalWidth } from './output/io.js';

/** The global options every command sees (commander's optsWithGlobals()). */
export interface GlobalOptions {
  stateDir?: string;
  layout: LayoutPreset;
  json: boolean;
  verbose: boolean;
}

/** What a command receives: where to write, how to style it, and the global options. */
export interface Context {
  io: CliIo;
  opts: GlobalOptions;
  colors: Colors;
  /** Colours for stderr (decided separately: stdout may be piped while stderr is a terminal). */
  errColors: Colors;
  /** Table width: the terminal's, else 80. */
  width: number;
  /** The terminal's width, or undefined when there is none (output to a pipe or file, no $COLUMNS). */
  terminalWidth: number | undefined;
  /** Write one line (a newline is added) to stdout. */
  out(line?: string): void;
  /** Write one line (a newline is added) to stderr. */
  err(line: string): void;
}

export function makeContext(io: CliIo, opts: GlobalOptions): Context {
  return {
    io,
    opts,
    colors: makeColors(colorEnabled(io.env, io.stdout)),
    errColors: makeColors(colorEnabled(io.env, io.stderr)),
    width: outputWidth(io),
    terminalWidth: terminalWidth(io),
    out: (line = '') => io.stdout.write(`${line}\n`),
    err: (line) => io.stderr.write(`${line}\n`),
  };
}
