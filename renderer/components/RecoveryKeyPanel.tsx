import { Alert, Button, Checkbox, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { RecoveryKeyDisplay, recoveryKeyGroups } from './RecoveryKeyDisplay';
import { RecoveryKeyPrintSheet, type PrintStation } from './RecoveryKeyPrintSheet';

/**
 * Shows a new recovery key once, says what it is for, prints the sheet, and lets the admin go on
 * only after ticking "saved" and retyping the last group: used at setup, for a new recovery key,
 * and after a master-key rotation.
 */
export function RecoveryKeyPanel({
  recoveryKey,
  station,
  issuedBy,
  continueLabel,
  onConfirmed,
}: {
  recoveryKey: string;
  station: PrintStation;
  issuedBy: string | null;
  continueLabel?: string;
  onConfirmed: () => void;
}) {
  const { t } = useTranslation();
  const [issuedAt] = useState(() => new Date());
  const [printedAt, setPrintedAt] = useState<Date | null>(null);
  const [saved, setSaved] = useState(false);
  const [lastGroup, setLastGroup] = useState('');
  const expected = recoveryKeyGroups(recoveryKey).at(-1) ?? '';
  const typed = lastGroup.trim();
  const matches = typed === expected && expected.length > 0;
  const mismatch = typed.length >= expected.length && !matches;

  const print = () => {
    flushSync(() => setPrintedAt(new Date()));
    window.print();
  };

  return (
    <Stack gap="md" data-testid="recovery-key-panel">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} />}>
        <Text fw={700}>{t('recoveryKey.onceOnly')}</Text>
      </Alert>
      <List spacing={4} size="sm">
        <List.Item>{t('recoveryKey.whatFor')}</List.Item>
        <List.Item>{t('recoveryKey.keepSafe')}</List.Item>
        <List.Item>{t('recoveryKey.anyone')}</List.Item>
      </List>
      <RecoveryKeyDisplay recoveryKey={recoveryKey} />
      <Group>
        <Button variant="default" leftSection={<IconPrinter size={18} />} onClick={print} data-testid="print-recovery-key">
          {t('recoveryKey.print')}
        </Button>
      </Group>
      <Checkbox
        label={t('recoveryKey.confirmSaved')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
        data-testid="recovery-key-saved"
      />
      <TextInput
        label={t('recoveryKey.lastGroup')}
        description={t('recoveryKey.lastGroupHint')}
        value={lastGroup}
        onChange={(event) => setLastGroup(event.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        w={260}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.1em' } }}
        error={mismatch ? t('validation.lastGroupMismatch') : undefined}
        data-testid="recovery-key-last-group"
      />
      <Group justify="flex-end">
        <Button disabled={!saved || !matches} onClick={onConfirmed} data-testid="recovery-key-continue">
          {continueLabel ?? t('recoveryKey.continue')}
        </Button>
      </Group>
      <RecoveryKeyPrintSheet
        recoveryKey={recoveryKey}
        station={station}
        issuedBy={issuedBy}
        issuedAt={issuedAt}
        printedAt={printedAt}
      />
    </Stack>
  );
}
