import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMathFunction } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** One figure: its title, its working definition in one line, and the numbers. */
export function Figure({ title, formula, children, testId }: { title: string; formula: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconMathFunction size={16} style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="xs" c="dimmed" data-testid={`${testId}-formula`}>
            {formula}
          </Text>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
