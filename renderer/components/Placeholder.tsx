import { Text, Title } from '@mantine/core';

/** A section not built yet: its name and one honest sentence, nothing invented. */
export function Placeholder({ title, message }: { title: string; message: string }) {
  return (
    <>
      <Title order={2} mb="md">
        {title}
      </Title>
      <Text c="dimmed" data-testid="placeholder">
        {message}
      </Text>
    </>
  );
}
