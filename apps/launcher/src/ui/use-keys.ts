import { useInput } from 'ink';
import { useRef } from 'react';
import type { Focus } from './KeyHelp';

export interface KeyActions {
  /** Read at each key (a ref in the caller), so a key right after Tab already goes to the new focus. */
  focus(): Focus;
  quitting: boolean;
  onQuit(): void;
  onTab(): void;
  scripts: { type(text: string): void; erase(): void; clear(): void; move(delta: number): void; run(): void };
  processes: { move(delta: number): void; back(): void; toggleOutput(): void; end(): void; endAll(): void };
}

/**
 * The launcher's keys. In the script list every printable key goes to the filter (Script
 * Kit style), so process actions live in the process panel (Tab) as single letters.
 */
export function useKeys(latest: KeyActions): void {
  // ink subscribes the handler in an effect, which runs after the new screen is written: a key
  // arriving in between would reach the previous render's handler. Always use the newest actions.
  const ref = useRef(latest);
  ref.current = latest;
  useInput((input, key) => {
    const actions = ref.current;
    if (key.ctrl && input === 'c') return actions.onQuit();
    if (actions.quitting) return;
    if (key.tab) return actions.onTab();
    if (actions.focus() === 'scripts') {
      const s = actions.scripts;
      if (key.return) return s.run();
      if (key.upArrow) return s.move(-1);
      if (key.downArrow) return s.move(1);
      if (key.escape) return s.clear();
      if (key.backspace || key.delete) return s.erase();
      if (!key.ctrl && !key.meta && input) typeText(input, s);
      return;
    }
    const p = actions.processes;
    if (key.upArrow) return p.move(-1);
    if (key.downArrow) return p.move(1);
    if (key.escape) return p.back();
    if (key.return) return p.toggleOutput();
    // One letter per action; a chunk of several ("ee" typed fast) is each of them in order.
    for (const char of input) {
      if (char === 'q') return actions.onQuit();
      if (char === 'e' || char === 'x') p.end();
      else if (char === 'a') p.endAll();
      else if (char === 'o' || char === '\r') p.toggleOutput();
    }
  });
}

/**
 * Several keys can arrive in one chunk (fast typing, pasting, tmux send-keys); ink then hands
 * them over as one string, backspaces (DEL, BS) and Enter (CR, LF) included. Apply them in
 * order — text typed before an Enter filters the list that Enter runs from; drop other controls.
 */
function typeText(input: string, s: KeyActions['scripts']): void {
  let text = '';
  for (const char of input) {
    if (char === '\x7f' || char === '\b') {
      if (text) text = text.slice(0, -1);
      else s.erase();
    } else if (char === '\r' || char === '\n') {
      if (text) s.type(text);
      text = '';
      s.run();
    } else if (char >= ' ') text += char;
  }
  if (text) s.type(text);
}
