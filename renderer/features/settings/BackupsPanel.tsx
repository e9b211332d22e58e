import { Alert, Button, Code, Divider, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDatabaseExport, IconFolderOpen } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupStatus } from '../../../shared/domain/backups';
import { contract } from '../../../shared/ipc/contract';
import { Form, SubmitButton } from '../../components/Form';
import { FormError } from '../../components/FormError';
import { LoadState } from '../../components/LoadState';
import { haven } from '../../ipc';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useAsync } from '../../lib/useAsync';
import { zodValidate } from '../../lib/zodForm';
import { RestorePanel } from './RestorePanel';
import { useLeaveGuard } from '../../lib/leaveGuard';
import { GuardedModal } from '../../components/GuardedModal';

const schema = contract['backups:configure'].input;

/**
 * 备份与恢复 (admin): the folder (chosen in the system's folder dialog: a USB stick, another
 * drive), a backup now, the automatic ones (at lock, logout and exit when the last is older than
 * the setting, and at a daily time while the app is open), how many are kept, when the dashboard
 * warns; then 恢复 (RestorePanel).
 */
export function BackupsPanel() {
  const { t } = useTranslation();
  const load = useCallback(() => haven.backups.status({}), []);
  const status = useAsync(load);
  const [current, setCurrent] = useState<BackupStatus | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = current ?? (status.status === 'ready' ? status.data : null);

  const [choosing, setChoosing] = useState(false);
  const chooseFolder = async (reset: boolean) => {
    setChoosing(true);
    setError(null);
    try {
      // The shell's folder dialog; the core checks the folder (there, writable) before saving it.
      const next = reset ? await haven.backups.setFolder({ folderId: null }) : (await haven.shell.chooseBackupFolder()).status;
      if (next) {
        setCurrent(next);
        notifySuccess(t('settings.backups.folderSaved', { folder: next.folder }));
      }
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setChoosing(false);
    }
  };

  const runNow = async () => {
    setRunning(true);
    setError(null);
    try {
      const next = await haven.backups.run({});
      setCurrent(next);
      notifySuccess(t('settings.backups.done', { file: next.last?.file ?? '' }));
    } catch (caught) {
      setError(errorMessage(t, caught));
      // The folder may have gone (a stick pulled): the tab says so from now on.
      await haven.backups.status({}).then(setCurrent, () => undefined);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="md" data-testid="backups-panel">
      <Title order={3} size="h4">
        {t('settings.backups.title')}
      </Title>
      <LoadState state={status} reload={status.reload} />
      {shown && (
        <>
          <Text size="sm">{t('settings.backups.explain')}</Text>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('settings.backups.folder')}
            </Text>
            <Code block data-testid="backups-folder" style={{ wordBreak: 'break-all' }}>
              {shown.folder}
            </Code>
            <Text size="xs" c="gray.7">
              {shown.settings.folder === null ? t('settings.backups.folderDefault') : t('settings.backups.folderChosen')}
            </Text>
            <Group gap="sm">
              <Button variant="default" leftSection={<IconFolderOpen size={18} />} loading={choosing} onClick={() => void chooseFolder(false)} data-testid="backups-choose-folder">
                {t('settings.backups.chooseFolder')}
              </Button>
              {shown.settings.folder !== null && (
                <Button variant="subtle" color="dark" onClick={() => void chooseFolder(true)} disabled={choosing} data-testid="backups-default-folder">
                  {t('settings.backups.useDefaultFolder')}
                </Button>
              )}
            </Group>
          </Stack>
          {shown.folderMissing && (
            <Alert color="orange" variant="light" data-testid="backups-folder-missing">
              {t('settings.backups.folderMissing', { folder: shown.folder })}
            </Alert>
          )}
          {shown.overdue ? (
            <Alert color="orange" variant="light" data-testid="backups-overdue">
              {shown.last ? t('settings.backups.old', { at: formatDateTime(shown.last.at), days: shown.settings.warnDays }) : t('settings.backups.never')}
            </Alert>
          ) : (
            <Text size="sm" data-testid="backups-last">
              {t('settings.backups.last', { at: formatDateTime(shown.last!.at), file: shown.last!.file })}
            </Text>
          )}
          <Group>
            <Button leftSection={<IconDatabaseExport size={18} />} loading={running} onClick={() => void runNow()} data-testid="backups-run">
              {t('settings.backups.run')}
            </Button>
          </Group>
          <FormError message={error} />
          <BackupSettingsForm status={shown} onSaved={setCurrent} />
          {shown.files.length > 0 && (
            <Table striped data-testid="backups-files">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.backups.file')}</Table.Th>
                  <Table.Th>{t('settings.backups.madeAt')}</Table.Th>
                  <Table.Th ta="right">{t('settings.backups.size')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.files.map((f) => (
                  <Table.Tr key={f.file} data-testid="backups-file">
                    <Table.Td>{f.file}</Table.Td>
                    <Table.Td className="haven-tabular">{formatDateTime(f.at)}</Table.Td>
                    <Table.Td ta="right" className="haven-tabular">
                      {(f.bytes / 1024 / 1024).toFixed(1)} MB
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Divider my="sm" />
          {/* Read again when the folder or the newest backup changes. */}
          <RestorePanel key={`${shown.folder}|${shown.last?.file ?? ''}`} folder={shown.folder} />
        </>
      )}
    </Stack>
  );
}

interface FormValues {
  keep: number | string;
  everyDays: number | string;
  warnDays: number | string;
  /** `HH:MM`, or empty for no daily backup. */
  dailyAt: string;
}

const toInput = (values: FormValues) => ({
  keep: Number(values.keep),
  everyDays: Number(values.everyDays),
  warnDays: Number(values.warnDays),
  dailyAt: values.dailyAt.trim() === '' ? null : values.dailyAt.trim(),
});

/**
 * The backups the next backup deletes with `keep`: the core keeps the new one and the newest
 * `keep - 1` of those there now (electron/core/backups/service.ts, recordBackup).
 */
function deletedAtNextBackup(files: BackupStatus['files'], keep: number): BackupStatus['files'] {
  return [...files].sort((a, b) => (a.file < b.file ? 1 : -1)).slice(Math.max(0, keep - 1));
}

function BackupSettingsForm({ status, onSaved }: { status: BackupStatus; onSaved: (s: BackupStatus) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  // Lowering 保留份数 deletes old backups at the next backup: asked first, naming how many.
  const [confirming, setConfirming] = useState<{ values: FormValues; deleted: BackupStatus['files'] } | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: { keep: status.settings.keep, everyDays: status.settings.everyDays, warnDays: status.settings.warnDays, dailyAt: status.settings.dailyAt ?? '' },
    validate: (values) => zodValidate(schema, t)(toInput(values)),
  });
  // A page-sized form: leaving it with unsaved input asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => form.isDirty());
  const save = async (values: FormValues) => {
    setError(null);
    try {
      const saved = await haven.backups.configure(toInput(values));
      onSaved(saved);
      form.resetDirty();
      notifySuccess(t('common.saved'));
    } catch (caught) {
      form.setErrors(fieldErrors(t, caught));
      setError(errorMessage(t, caught));
    }
  };
  const submit = form.onSubmit(async (values) => {
    const keep = Number(values.keep);
    const deleted = deletedAtNextBackup(status.files, keep);
    if (keep < status.settings.keep && deleted.length > 0) {
      setConfirming({ values, deleted });
      return;
    }
    await save(values);
  });
  return (
    <Form onSubmit={submit} noValidate data-testid="backups-settings">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NumberInput
          label={t('settings.backups.keep')}
          description={t('settings.backups.keepHint')}
          min={1}
          max={100}
          w={220}
          {...form.getInputProps('keep')}
          data-testid="backups-keep"
        />
        <NumberInput label={t('settings.backups.everyDays')} description={t('settings.backups.everyDaysHint')} min={0} max={30} w={220} {...form.getInputProps('everyDays')} data-testid="backups-every" />
        <TextInput
          label={t('settings.backups.dailyAt')}
          description={t('settings.backups.dailyAtHint')}
          placeholder="18:00"
          w={220}
          {...form.getInputProps('dailyAt')}
          data-testid="backups-daily-at"
        />
        <NumberInput label={t('settings.backups.warnDays')} min={1} max={90} w={160} {...form.getInputProps('warnDays')} data-testid="backups-warn" />
        <SubmitButton variant="default" loading={form.submitting} data-testid="backups-save">
          {t('common.save')}
        </SubmitButton>
      </Group>
      <FormError message={error} />
      {confirming && (
        <GuardedModal opened onClose={() => setConfirming(null)} title={t('settings.backups.keepConfirm.title')} centered size="md">
          <Stack gap="md" data-testid="backups-keep-confirm">
            <Alert color="red" variant="light">
              <Text size="sm">
                {t('settings.backups.keepConfirm.body', { count: confirming.deleted.length, keep: Number(confirming.values.keep) })}
              </Text>
            </Alert>
            <Stack gap={2}>
              {confirming.deleted.map((f) => (
                <Text key={f.file} size="sm" className="haven-tabular" data-testid="backups-keep-deleted">
                  {t('settings.backups.keepConfirm.file', { file: f.file, at: formatDateTime(f.at) })}
                </Text>
              ))}
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" data-autofocus onClick={() => setConfirming(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="red"
                loading={saving}
                onClick={() => {
                  setSaving(true);
                  void save(confirming.values).finally(() => {
                    setSaving(false);
                    setConfirming(null);
                  });
                }}
                data-testid="backups-keep-confirm-button"
              >
                {t('settings.backups.keepConfirm.confirm', { count: confirming.deleted.length })}
              </Button>
            </Group>
          </Stack>
        </GuardedModal>
      )}
    </Form>
  );
}
