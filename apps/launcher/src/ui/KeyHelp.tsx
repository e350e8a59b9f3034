import { Box, Text } from 'ink';
import { fit } from './format';

export type Focus = 'scripts' | 'processes';

/** Two lines of keys for the part that has the focus. */
export function KeyHelp({ width, focus, busy }: { width: number; focus: Focus; busy: string | null }) {
  const lines =
    focus === 'scripts'
      ? [
          'type to filter · ↑↓ select · Enter run · Esc clear filter',
          'Tab processes · Ctrl-C quit (ends every process)',
        ]
      : [
          '↑↓ select · e end (SIGTERM, then SIGKILL) · a end all · o output',
          'Tab/Esc scripts · q or Ctrl-C quit (ends every process)',
        ];
  return (
    <Box flexDirection="column" width={width}>
      {busy ? <Text color="yellow">{fit(busy, width)}</Text> : <Text dimColor>{fit(lines[0] ?? '', width)}</Text>}
      <Text dimColor>{fit(lines[1] ?? '', width)}</Text>
    </Box>
  );
}
