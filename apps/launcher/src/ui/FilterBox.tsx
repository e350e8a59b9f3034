import { Box, Text } from 'ink';
import { fit } from './format';

export interface FilterBoxProps {
  width: number;
  query: string;
  focused: boolean;
}

/** The filter line: what was typed, with a cursor while the script list has the focus. */
export function FilterBox({ width, query, focused }: FilterBoxProps) {
  const label = 'Filter: ';
  return (
    <Box width={width}>
      <Text color={focused ? 'cyan' : 'gray'}>{label}</Text>
      <Text>{fit(query, width - label.length - 2)}</Text>
      {focused ? <Text inverse> </Text> : null}
      {!focused && query === '' ? <Text dimColor>(Tab to type)</Text> : null}
    </Box>
  );
}
