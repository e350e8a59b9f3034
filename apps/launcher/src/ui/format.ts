import { describeExit } from '../outcome';
import type { Run } from '../runs';

/** 4s, 2m05s, 1h02m. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Cut to `width` columns with an ellipsis; pad to exactly `width` when `pad`. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return pad ? cut.padEnd(width) : cut;
}

export function stateLabel(run: Run): string {
  switch (run.state) {
    case 'exited':
    case 'crashed':
      return run.exit ? describeExit(run.exit.exitCode, run.exit.signal) : run.state;
    case 'ended':
      return 'ended by you';
    case 'failed':
      return 'failed to start';
    default:
      return run.state;
  }
}

export function stateColor(run: Run): string | undefined {
  switch (run.state) {
    case 'running':
      return 'green';
    case 'starting':
    case 'stopping':
      return 'yellow';
    case 'crashed':
    case 'failed':
      return 'red';
    default:
      return 'gray';
  }
}
