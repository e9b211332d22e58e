import { Code, Group } from '@mantine/core';

/** A fingerprint in its 8 groups of 5 digits, two rows of four, to compare by eye. */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  const groups = value.split(' ');
  return (
    <Code block data-testid={testId} style={{ fontSize: 16, letterSpacing: 1, wordSpacing: 8 }}>
      {groups.slice(0, 4).join(' ')}
      {'\n'}
      {groups.slice(4).join(' ')}
    </Code>
  );
}

export function Mono({ children, testId }: { children: string; testId?: string }) {
  return (
    <Group gap={0}>
      <Code data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {children}
      </Code>
    </Group>
  );
}

export const sumRows = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);
