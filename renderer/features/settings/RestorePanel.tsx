import { Alert, Badge, Button, Group, Paper, PasswordInput, SegmentedControl, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconFileSearch, IconRestore } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RestoreCandidate, RestorePreview } from '../../../shared/domain/backups';
import { FormError } from '../../components/FormError';
import { LoadState } from '../../components/LoadState';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { useSession } from '../../app/session';

type Source = { file: string } | { fileId: string };
type Credential = { password: string } | { recoveryKey: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const opensColor = { ok: 'teal', otherKey: 'gray', damaged: 'red' } as const;

/**
 * 恢复 (admin): a backup from the folder, or any backup file chosen in the open dialog; checked
 * first with the admin's password (or the recovery key) through the backup's own key slots; then
 * what it would replace, and a typed confirmation (the station code). The core keeps the current
 * files aside and puts them back on any failure; after a restore everyone logs in again.
 */
export function RestorePanel({ folder }: { folder: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.backups.list({}), []);
  const list = useAsync(load);
  const [source, setSource] = useState<{ source: Source; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const chooseFile = async () => {
    setError(null);
    try {
      const { files } = await haven.shell.chooseBackupFile();
      const [file] = files;
      if (file) setSource({ source: { fileId: file.fileId }, name: file.name });
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  };

  return (
    <Stack gap="md" data-testid="restore-panel">
      <Title order={3} size="h4">
        {t('settings.restore.title')}
      </Title>
      <Text size="sm">{t('settings.restore.explain')}</Text>
      <LoadState state={list} reload={list.reload} />
      {list.status === 'ready' &&
        (list.data.length === 0 ? (
          <Text size="sm" c="gray.7" data-testid="restore-none">
            {t('settings.restore.none', { folder })}
          </Text>
        ) : (
          <CandidateTable candidates={list.data} chosen={source?.name ?? null} onChoose={(c) => setSource({ source: { file: c.file }, name: c.file })} />
        ))}
      <Group>
        <Button variant="default" leftSection={<IconFileSearch size={18} />} onClick={() => void chooseFile()} data-testid="restore-choose-file">
          {t('settings.restore.chooseFile')}
        </Button>
      </Group>
      <FormError message={error} />
      {source && <RestoreSteps key={source.name} source={source.source} name={source.name} />}
    </Stack>
  );
}

function CandidateTable({ candidates, chosen, onChoose }: { candidates: RestoreCandidate[]; chosen: string | null; onChoose: (c: RestoreCandidate) => void }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="restore-candidates">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('settings.backups.madeAt')}</Table.Th>
          <Table.Th ta="right">{t('settings.backups.size')}</Table.Th>
          <Table.Th>{t('settings.restore.madeBy')}</Table.Th>
          <Table.Th>{t('settings.restore.opens')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('settings.restore.choose')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {candidates.map((c) => (
          <Table.Tr key={c.file} data-testid="restore-candidate" data-file={c.file}>
            <Table.Td className="haven-tabular">{formatDateTime(c.at)}</Table.Td>
            <Table.Td ta="right" className="haven-tabular">
              {megabytes(c.bytes)}
            </Table.Td>
            <Table.Td>{c.madeBy ?? '—'}</Table.Td>
            <Table.Td>
              <Badge color={opensColor[c.opens]} variant="light">
                {t(`settings.restore.opensState.${c.opens}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Button size="compact-sm" variant={chosen === c.file ? 'filled' : 'default'} onClick={() => onChoose(c)} aria-label={t('settings.restore.chooseThis', { at: formatDateTime(c.at) })} data-testid="restore-pick">
                {t('settings.restore.choose')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Check (password or recovery key) → what is replaced → typed confirmation → the restore job. */
function RestoreSteps({ source, name }: { source: Source; name: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'password' | 'recoveryKey'>('password');
  const [secret, setSecret] = useState('');
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [confirm, setConfirm] = useState('');
  // Only when the backup is another station's: its code as well (what the core checks).
  const [confirmBackup, setConfirmBackup] = useState('');
  const [busy, setBusy] = useState(false);
  // The data being replaced is this station's: it is named beside the backup's, and its code is
  // what is typed to confirm. The core checks the backup's code (its preview knows only that);
  // when the two differ, both are typed, so the word the core gets is one the user typed.
  const { station } = useSession();
  const [error, setError] = useState<string | null>(null);
  const credential = (): Credential => (kind === 'password' ? { password: secret } : { recoveryKey: secret });

  const check = async () => {
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      setPreview(await haven.backups.inspect({ source, credential: credential() }));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      // On success the core ends the session: the login screen follows with its own message.
      await haven.backups.restore({ source, credential: credential(), confirm: sameCode ? confirm : confirmBackup });
    } catch (caught) {
      setError(errorMessage(t, caught));
      setBusy(false);
    }
  };

  const otherStation = preview !== null && (preview.station.code !== station.code || preview.station.name !== station.name);
  const sameCode = preview !== null && preview.confirmWord === station.code;
  const confirmed = preview !== null && confirm.trim() === station.code && (sameCode || confirmBackup.trim() === preview.confirmWord);

  return (
    <Paper withBorder p="md" data-testid="restore-steps">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {t('settings.restore.chosen', { file: name })}
        </Text>
        <SegmentedControl
          value={kind}
          onChange={(value) => {
            setKind(value as 'password' | 'recoveryKey');
            setSecret('');
            setPreview(null);
          }}
          data={[
            { value: 'password', label: t('settings.restore.withPassword') },
            { value: 'recoveryKey', label: t('settings.restore.withRecoveryKey') },
          ]}
          w="fit-content"
          aria-label={t('settings.restore.secretKind')}
        />
        <Group align="flex-end" gap="sm">
          {kind === 'password' ? (
            <PasswordInput label={t('settings.restore.password')} description={t('settings.restore.passwordHint')} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} w={320} data-testid="restore-password" />
          ) : (
            <TextInput label={t('settings.restore.recoveryKey')} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} w={520} data-testid="restore-recovery-key" />
          )}
          <Button variant="default" onClick={() => void check()} loading={busy && preview === null} disabled={secret === ''} data-testid="restore-check">
            {t('settings.restore.check')}
          </Button>
        </Group>
        <FormError message={error} />
        {preview && (
          <Stack gap="sm" data-testid="restore-preview">
            <Alert color="teal" variant="light">
              {t('settings.restore.checked')}
            </Alert>
            <Table withTableBorder data-testid="restore-compare">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('settings.restore.backupColumn')}</Table.Th>
                  <Table.Th>{t('settings.restore.currentColumn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t('settings.restore.rowMade')}</Table.Th>
                  <Table.Td>
                    {preview.madeAt ? formatDateTime(preview.madeAt) : '—'}
                    {preview.madeBy ? ` · ${preview.madeBy}` : ''}
                  </Table.Td>
                  <Table.Td>{preview.current.lastEventAt ? t('settings.restore.lastChange', { at: formatDateTime(preview.current.lastEventAt) }) : '—'}</Table.Td>
                </Table.Tr>
                <Table.Tr data-other-station={otherStation || undefined}>
                  <Table.Th scope="row">{t('settings.restore.rowStation')}</Table.Th>
                  <Table.Td c={otherStation ? 'red.8' : undefined} fw={otherStation ? 600 : undefined} data-testid="restore-backup-station">
                    {t('settings.restore.station', preview.station)}
                  </Table.Td>
                  <Table.Td data-testid="restore-current-station">{t('settings.restore.station', { name: station.name, code: station.code })}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('settings.restore.rowPersons')}</Table.Th>
                  <Table.Td className="haven-tabular">{preview.persons}</Table.Td>
                  <Table.Td className="haven-tabular">{preview.current.persons}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('settings.restore.rowAudit')}</Table.Th>
                  <Table.Td className="haven-tabular">{preview.auditEvents}</Table.Td>
                  <Table.Td className="haven-tabular">{preview.current.auditEvents}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('settings.backups.size')}</Table.Th>
                  <Table.Td className="haven-tabular">{megabytes(preview.bytes)}</Table.Td>
                  <Table.Td className="haven-tabular">{megabytes(preview.current.bytes)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            {otherStation && (
              <Alert color="red" variant="filled" icon={<IconAlertTriangle size={18} />} title={t('settings.restore.otherStationTitle')} data-testid="restore-other-station">
                {t('settings.restore.otherStation', {
                  backup: t('settings.restore.station', preview.station),
                  current: t('settings.restore.station', { name: station.name, code: station.code }),
                })}
              </Alert>
            )}
            <Alert color="orange" variant="light" data-testid="restore-warning">
              {t('settings.restore.warning')}
            </Alert>
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t('settings.restore.confirmLabel', { word: station.code })}
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                w={360}
                autoComplete="off"
                data-testid="restore-confirm"
              />
              {!sameCode && (
                <TextInput
                  label={t('settings.restore.confirmBackupLabel', { word: preview.confirmWord })}
                  value={confirmBackup}
                  onChange={(e) => setConfirmBackup(e.currentTarget.value)}
                  w={360}
                  autoComplete="off"
                  data-testid="restore-confirm-backup"
                />
              )}
              <Button color="red" leftSection={<IconRestore size={18} />} onClick={() => void restore()} loading={busy} disabled={!confirmed} data-testid="restore-submit">
                {t('settings.restore.submit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
