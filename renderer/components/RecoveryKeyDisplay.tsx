import { Box, Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function recoveryKeyGroups(recoveryKey: string): string[] {
  return recoveryKey.split('-').filter((group) => group.length > 0);
}

/**
 * The recovery key in large digits, eight numbered groups in two rows (as BitLocker shows it),
 * so it can be read aloud and copied by hand without losing one's place.
 */
export function RecoveryKeyDisplay({ recoveryKey }: { recoveryKey: string }) {
  const { t } = useTranslation();
  const groups = recoveryKeyGroups(recoveryKey);
  return (
    <Box>
      <Text size="sm" fw={500} mb={6} id="recovery-key-label">
        {t('recoveryKey.keyLabel')}
      </Text>
      <Paper
        withBorder
        p="md"
        bg="gray.0"
        role="group"
        aria-labelledby="recovery-key-label"
        data-testid="recovery-key"
        data-recovery-key={recoveryKey}
      >
        <SimpleGrid cols={4} spacing="sm" verticalSpacing="sm">
          {groups.map((group, index) => (
            <Text
              key={index}
              ta="center"
              ff="monospace"
              fw={700}
              fz={28}
              lh={1.2}
              className="haven-tabular haven-key-group"
              data-index={index + 1}
              style={{ letterSpacing: '0.08em' }}
              data-testid="recovery-key-group"
            >
              {group}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
    </Box>
  );
}
