import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IdleLockForm } from './security/IdleLockForm';
import { KeyActionModal, type KeyAction } from './security/KeyActionModal';
import { RotateExplanation } from './security/RotateExplanation';

/** 安全 (admin): idle auto-lock, a new recovery key, master-key rotation. */
export function SecurityPanel() {
  const { t } = useTranslation();
  const [action, setAction] = useState<KeyAction | null>(null);

  return (
    <Stack gap="lg" maw={720}>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="sm">
          {t('settings.security.idleTitle')}
        </Title>
        <IdleLockForm />
      </Paper>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="sm">
          {t('settings.security.recoveryTitle')}
        </Title>
        <Text size="sm" mb="md">
          {t('settings.security.recoveryBody')}
        </Text>
        <Button
          variant="default"
          leftSection={<IconKey size={18} />}
          onClick={() => setAction('newRecoveryKey')}
          data-testid="new-recovery-key"
        >
          {t('settings.security.newRecoveryKey')}
        </Button>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="sm">
          {t('settings.security.rotateTitle')}
        </Title>
        <RotateExplanation />
        <Button
          variant="default"
          color="orange"
          leftSection={<IconRefresh size={18} />}
          onClick={() => setAction('rotateMasterKey')}
          data-testid="rotate-master-key"
        >
          {t('settings.security.rotate')}
        </Button>
      </Paper>
      {action && <KeyActionModal action={action} onClose={() => setAction(null)} />}
    </Stack>
  );
}
