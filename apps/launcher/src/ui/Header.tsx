import { Box, Text } from 'ink';
import { fit } from './format';

export interface HeaderProps {
  width: number;
  ownerId: string;
  runtime: string;
  guardianPid: number | null;
  guardianWanted: boolean;
}

/** One line: what this is and who it is (owner id, runtime, guardian). */
export function Header({ width, ownerId, runtime, guardianPid, guardianWanted }: HeaderProps) {
  const guardian = guardianPid ? `guardian ${guardianPid}` : guardianWanted ? 'guardian n/a' : 'guardian off';
  const right = ` · owner ${ownerId} · ${runtime} · ${guardian}`;
  const title = 'Lifeline launcher';
  return (
    <Box width={width}>
      <Text bold color="cyan">
        {title}
      </Text>
      <Text dimColor>{fit(right, width - title.length)}</Text>
    </Box>
  );
}
