import { basename } from 'node:path';
import { Box, Text } from 'ink';
import type { Run } from '../runs';
import { fit } from './format';
import { useLogTail } from './use-log-tail';

export interface BottomPaneProps {
  width: number;
  rows: number;
  messages: string[];
  /** When set, the pane shows this run's recent output instead of the messages. */
  output: Run | null;
}

/** Messages (startup sequence, outcomes), or the selected process's recent output. */
export function BottomPane({ width, rows, messages, output }: BottomPaneProps) {
  // With output open, the last row still says what just happened (an end's outcome, say).
  const tail = useLogTail(output?.logFile || null, Math.max(1, rows - 1)); // '': it never got a file
  const title = output
    ? `Output of ${output.script} (pid ${output.pid ?? '-'})${output.logFile ? ` · ${basename(output.logFile)}` : ''}`
    : 'Messages';
  const lines = output ? (tail.length > 0 ? tail : ['(no output yet)']) : messages.slice(-rows);
  const body = lines.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
    <Text key={i} dimColor={!output && i < lines.length - 1}>
      {fit(line.replace(/\t/g, '  '), width)}
    </Text>
  ));
  const outputRows = output ? rows - 1 : rows;
  while (body.length < outputRows) body.push(<Text key={`pad-${body.length}`}> </Text>);
  if (output)
    body.push(
      <Text key="status" color="yellow">
        {fit(messages.at(-1) ?? '', width)}
      </Text>,
    );
  return (
    <Box flexDirection="column" width={width}>
      <Text color={output ? 'magenta' : undefined} dimColor={!output}>
        {fit(title, width)}
      </Text>
      {body}
    </Box>
  );
}
