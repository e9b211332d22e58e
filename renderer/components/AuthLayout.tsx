import { Box, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The frame of the screens shown without a session: setup, login, lock, recovery. `help`: the
 * screen's 帮助 button (the guide in a dialog), beside the language switch.
 */
export function AuthLayout({ title, width = 440, help, children }: { title: string; width?: number; help?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100%" bg="gray.0" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" px="lg" py="sm">
        <Text fw={700} size="lg" c="teal.8">
          {t('app.name')}
        </Text>
        <Group gap="sm">
          {help}
          <LanguageSwitch />
        </Group>
      </Group>
      <Box style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center' }} px="md" pb="xl">
        <Paper withBorder shadow="xs" radius="lg" p="xl" w="100%" maw={width} mt="4vh" component="main">
          <Title order={1} size="h2" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Box>
    </Box>
  );
}
