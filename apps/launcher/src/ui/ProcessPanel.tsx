import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Run } from '../runs';
import { fit, formatUptime, stateColor, stateLabel } from './format';
import { windowAround } from './layout';

export interface ProcessPanelProps {
  width: number;
  rows: number;
  runs: Run[];
  selected: number;
  focused: boolean;
  now: number;
}

const COLUMNS = { pid: 8, script: 14, uptime: 8 };

/** Live table of runs: pid, script, uptime, state. Running ones first; finished ones stay for their output. */
export function ProcessPanel({ width, rows, runs, selected, focused, now }: ProcessPanelProps) {
  const running = runs.filter((r) => r.endedAt === null).length;
  // When the runs do not fit, the last row says how many are out of sight, above and below.
  const overflow = runs.length > rows;
  const [start, end] = windowAround(runs.length, selected, overflow ? Math.max(1, rows - 1) : rows);
  const stateWidth = width - 2 - COLUMNS.pid - COLUMNS.script - COLUMNS.uptime;
  const header = `  ${'PID'.padEnd(COLUMNS.pid)}${'SCRIPT'.padEnd(COLUMNS.script)}${'UPTIME'.padEnd(COLUMNS.uptime)}STATE`;
  const body: ReactNode[] = [];
  if (runs.length === 0)
    body.push(
      <Text key="none" dimColor>
        nothing started yet: pick a script and press Enter
      </Text>,
    );
  for (let i = start; i < end; i += 1) {
    const run = runs[i];
    if (!run) continue;
    const mark = i === selected && focused ? '›' : ' ';
    const uptime = formatUptime((run.endedAt?.getTime() ?? now) - run.startedAt.getTime());
    const cells = `${mark} ${fit(String(run.pid ?? '-'), COLUMNS.pid - 1, true)} ${fit(run.script, COLUMNS.script - 1, true)} ${fit(uptime, COLUMNS.uptime - 1, true)} `;
    body.push(
      <Text key={run.id} bold={i === selected && focused}>
        {cells}
        <Text color={stateColor(run)}>{fit(stateLabel(run), stateWidth)}</Text>
      </Text>,
    );
  }
  if (overflow) {
    const above = start > 0 ? `↑ ${start} more` : '';
    const below = end < runs.length ? `↓ ${runs.length - end} more` : '';
    body.push(
      <Text key="more" dimColor>
        {fit(
          `  +${runs.length - (end - start)} more (${[above, below].filter(Boolean).join(' · ')}; ↑↓ to scroll)`,
          width,
        )}
      </Text>,
    );
  }
  while (body.length < rows) body.push(<Text key={`pad-${body.length}`}> </Text>);
  return (
    <Box flexDirection="column" width={width}>
      <Text dimColor={!focused} underline={focused}>
        {`Processes (${running} running)`}
      </Text>
      <Text dimColor>{fit(header, width)}</Text>
      {body}
    </Box>
  );
}
