import { Alert, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { haven } from '../../ipc';
import { useSession } from '../../app/session';
import { useAsync } from '../../lib/useAsync';
import { ExportPanel, SentTable } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { KeySheetCard } from './KeySheetCard';
import { RecipientsPanel } from './RecipientsPanel';
import { ImportLog, StationsTable } from './SupervisorTables';

/**
 * 导入导出. A station shows its keys and, for admins, its recipients, the export and what it
 * sent; a supervisor shows its keys (which stations encrypt to), the station registry and, for
 * admins, the import and its log.
 */
export function TransferPage() {
  const { t } = useTranslation();
  const { station, user } = useSession();
  const isAdmin = user.role === 'admin';
  const supervisor = station.mode === 'supervisor';
  return (
    <Stack gap="lg" data-testid="transfer-page" data-mode={station.mode}>
      <Stack gap={4}>
        <Title order={2}>{t('bundlesUi.title')}</Title>
        <Text size="sm" c="dimmed">
          {t(supervisor ? 'bundlesUi.introSupervisor' : 'bundlesUi.introStation')}
        </Text>
      </Stack>
      {supervisor ? <SupervisorView isAdmin={isAdmin} /> : <StationView isAdmin={isAdmin} />}
      {!isAdmin && (
        <Alert variant="light" color="gray" data-testid="transfer-admin-only">
          {t('bundlesUi.adminOnly')}
        </Alert>
      )}
      <KeySheetCard />
    </Stack>
  );
}

function StationView({ isAdmin }: { isAdmin: boolean }) {
  return isAdmin ? <StationAdmin /> : null;
}

function StationAdmin() {
  const loadRecipients = useCallback(() => haven.bundles.recipients(), []);
  const recipients = useAsync(loadRecipients);
  const loadSent = useCallback(() => haven.bundles.sent(), []);
  const sent = useAsync(loadSent);
  return (
    <>
      <ExportPanel
        recipients={recipients}
        onExported={() => {
          sent.reload();
          recipients.reload();
        }}
      />
      <SentTable sent={sent} reload={sent.reload} />
      <RecipientsPanel recipients={recipients} reload={recipients.reload} />
    </>
  );
}

function SupervisorView({ isAdmin }: { isAdmin: boolean }) {
  const loadStations = useCallback(() => haven.bundles.stations(), []);
  const stations = useAsync(loadStations);
  // Staff may not read the log: no call at all rather than a refused one.
  const loadLog = useCallback(() => (isAdmin ? haven.bundles.log() : Promise.resolve([])), [isAdmin]);
  const log = useAsync(loadLog);
  return (
    <>
      {isAdmin && (
        <ImportPanel
          onImported={() => {
            stations.reload();
            log.reload();
          }}
        />
      )}
      <StationsTable stations={stations} reload={stations.reload} />
      {isAdmin && <ImportLog log={log} reload={log.reload} />}
    </>
  );
}
