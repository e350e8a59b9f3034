import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private tmux server (its own socket, no user config) holding one 80×24-style pane: a real
 * pseudo-terminal for driving the TUI. Always call kill() (afterEach) to end the server.
 */
export class TmuxPane {
  readonly socket: string;

  constructor(socket: string) {
    this.socket = socket;
  }

  #tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /**
   * Start `command` (argv) in a detached session of the given size, with extra env. A tiny sh
   * wrapper prints the exit status on the screen (tmux's own pane_dead_status is not reliable).
   */
  start(command: string[], options: { width: number; height: number; env: Record<string, string> }): void {
    const env = Object.entries(options.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    const script = `${command.map(quote).join(' ')}; echo "launcher exited with status $?"`;
    this.#tmux(
      'new-session',
      '-d',
      '-x',
      String(options.width),
      '-y',
      String(options.height),
      ...env,
      `sh -c ${quote(script)}`,
      // Keep the pane (and its last screen) after the program exits, so the test can read both.
      ';',
      'set-option',
      '-g',
      'remain-on-exit',
      'on',
    );
  }

  size(): string {
    return this.#tmux('display-message', '-p', '#{window_width}x#{window_height}').trim();
  }

  capture(): string {
    return this.#tmux('capture-pane', '-p');
  }

  /** Type text literally (no key-name lookup). */
  type(text: string): void {
    this.#tmux('send-keys', '-l', text);
  }

  /** Send named keys: Enter, Tab, Escape, C-c… */
  keys(...names: string[]): void {
    this.#tmux('send-keys', ...names);
  }

  /** null while the program runs; its exit status once it has exited. */
  exitStatus(): number | null {
    const match = /launcher exited with status (\d+)/.exec(this.capture());
    return match ? Number(match[1]) : null;
  }

  kill(): void {
    try {
      this.#tmux('kill-server');
    } catch {
      // already gone
    }
    // tmux may leave its socket file behind; it is ours (unique name), remove it.
    const dir = join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    rmSync(join(dir, this.socket), { force: true });
  }
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
