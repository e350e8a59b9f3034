import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { ScriptEntry } from '../catalog/discover';
import { fit } from './format';
import { windowAround } from './layout';

export interface ScriptListProps {
  width: number;
  rows: number;
  scripts: ScriptEntry[];
  total: number;
  selected: number;
  focused: boolean;
  problem: string | null;
}

/** The scripts that match the filter; the selected one runs on Enter. */
export function ScriptList({ width, rows, scripts, total, selected, focused, problem }: ScriptListProps) {
  const [start, end] = windowAround(scripts.length, selected, rows);
  const nameWidth = Math.min(16, Math.max(6, ...scripts.map((s) => s.name.length)));
  const title = `Scripts ${scripts.length === total ? `(${total})` : `(${scripts.length} of ${total})`}`;
  const body: ReactNode[] = [];
  if (problem)
    body.push(
      <Text key="problem" color="red">
        {fit(problem, width)}
      </Text>,
    );
  else if (scripts.length === 0)
    body.push(
      <Text key="none" dimColor>
        no script matches the filter (Esc clears it)
      </Text>,
    );
  for (let i = start; i < end && body.length < rows; i += 1) {
    const script = scripts[i];
    if (!script) continue;
    const mark = i === selected ? '›' : ' ';
    const line = `${mark} ${fit(script.name, nameWidth, true)}  ${script.description}${script.needsBun ? ' (needs bun)' : ''}`;
    body.push(
      <Text key={script.path} color={i === selected && focused ? 'cyan' : undefined} bold={i === selected}>
        {fit(line, width)}
      </Text>,
    );
  }
  while (body.length < rows) body.push(<Text key={`pad-${body.length}`}> </Text>);
  return (
    <Box flexDirection="column" width={width}>
      <Text dimColor={!focused} underline={focused}>
        {title}
      </Text>
      {body}
    </Box>
  );
}
