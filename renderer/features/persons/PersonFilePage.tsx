import { Alert, Anchor, Box, Breadcrumbs, Button, Center, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import type { MeasureDetail, PersonDetail } from '../../../shared/domain/persons';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { AttachmentsTab } from './attachments/AttachmentsTab';
import { ArchiveModal, UnarchiveModal } from './file/ArchiveModal';
import { InfoTab } from './file/InfoTab';
import { PersonHeader, type FileAction } from './file/PersonHeader';
import { PurgeModal } from './file/PurgeModal';
import { TimelineTab } from './timeline/TimelineTab';
import { SectionTabs } from './file/SectionTabs';
import { supervisionTabs } from '../supervision';
import { AlertsPanel } from '../worklist';
import { agreementTabs } from '../agreements';
import { CareSummary, careTabs } from '../care';
import { WriteAccess } from '../../lib/writeAccess';
import { PrintButton } from '../print';
import { TransferExportButton } from '../bundles';
import { useSession } from '../../app/session';
import { MeasuresTab, WorkingGroupTab } from '../measures';

const tabs = ['info', 'measures', 'group', 'supervision', 'agreements', 'care', 'attachments', 'timeline'] as const;
type Tab = (typeof tabs)[number];

type Loaded = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; person: PersonDetail };

/** /persons/:id[/:tab] — one file; a bad id goes back to the list. */
export function PersonFilePage() {
  const { id } = useParams();
  const personId = Number(id);
  if (!Number.isInteger(personId) || personId <= 0) return <Navigate to="/persons" replace />;
  // A new id is a new file: nothing of the previous one (revealed ID, dialogs) carries over.
  return <PersonFile key={personId} personId={personId} />;
}

/**
 * A person's file (一人一档). Opening it reads the file once (persons:get, audited); after that
 * the page keeps it current from what each change returns, so working in the file does not
 * count as opening it again. The revealed ID number lives in this page's state only.
 */
function PersonFile({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const { user, station } = useSession();
  const navigate = useNavigate();
  const { tab, sub } = useParams();
  const current: Tab = tabs.find((key) => key === tab) ?? 'info';
  // Every panel and the alerts reload together after any change in one of them.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [revealedId, setRevealedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<FileAction | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    haven.persons.get({ personId }).then(
      (person) => live && setLoaded({ status: 'ready', person }),
      (error: unknown) => live && setLoaded({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [personId, attempt]);

  const update = useCallback((change: (person: PersonDetail) => PersonDetail) => {
    setLoaded((state) => (state.status === 'ready' ? { status: 'ready', person: change(state.person) } : state));
  }, []);

  // After any change in the file, the header's facts (risk level, 重点关爱, measure) are read
  // again — not the whole file, which would count as another opening.
  useEffect(() => {
    if (version === 0) return;
    let live = true;
    haven.persons.status({ personId }).then(
      (status) => live && update((person) => ({ ...person, ...status })),
      () => {
        // The header keeps what it showed; the panels show their own errors.
      },
    );
    return () => {
      live = false;
    };
  }, [personId, version, update]);

  const reveal = useCallback(async () => {
    const { idNumber } = await haven.persons.revealId({ personId });
    setRevealedId(idNumber);
    return idNumber;
  }, [personId]);

  // The current measure is the newest registered one; what a change returns replaces it.
  const measureChanged = useCallback(
    (measure: MeasureDetail) => {
      update((person) =>
        person.currentMeasure === null || measure.id >= person.currentMeasure.id ? { ...person, currentMeasure: measure } : person,
      );
      changed();
    },
    [update, changed],
  );

  if (loaded.status === 'loading') {
    return (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (loaded.status === 'error') {
    return (
      <Stack gap="md" maw={640}>
        <Alert color="red" variant="light" title={t('persons.file.loadFailed')} data-testid="file-error">
          {errorMessage(t, loaded.error)}
        </Alert>
        <Stack gap="xs" align="flex-start">
          <Button variant="light" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </Button>
          <Anchor component={Link} to="/persons">
            {t('persons.file.backToList')}
          </Anchor>
        </Stack>
      </Stack>
    );
  }

  const person = loaded.person;
  return (
    <Stack gap="md" data-testid="person-file" data-person-id={person.id}>
      <Group justify="space-between" wrap="nowrap">
        <Breadcrumbs>
          <Anchor component={Link} to="/persons" size="sm">
            {t('nav.persons')}
          </Anchor>
          <Text size="sm">{person.name}</Text>
        </Breadcrumbs>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {t('persons.file.print')}
          </Text>
          <PrintButton size="compact-sm" shortcut request={{ document: 'caseFile', personId: person.id }} label={t('persons.file.printCaseFile')} data-testid="print-case-file" />
          {person.currentMeasure?.reportInDate && (
            <PrintButton size="compact-sm" request={{ document: 'reportIn', measureId: person.currentMeasure.id }} label={t('persons.file.printReportIn')} data-testid="print-report-in" />
          )}
          {person.currentMeasure?.status === 'transferred_out' && user.role === 'admin' && station.mode === 'station' && <TransferExportButton personId={person.id} />}
          {person.currentMeasure && ['completed', 'terminated', 'transferred_out'].includes(person.currentMeasure.status) && (
            <PrintButton size="compact-sm" request={{ document: 'measureEnd', measureId: person.currentMeasure.id }} label={t('persons.file.printMeasureEnd')} data-testid="print-measure-end" />
          )}
          {user.role === 'admin' && (
            <Button component={Link} to={`/settings/audit?person=${person.id}`} size="compact-sm" variant="subtle" data-testid="person-access-history">
              {t('persons.file.accessHistory')}
            </Button>
          )}
        </Group>
      </Group>
      <PersonHeader
        person={person}
        revealedId={revealedId}
        onReveal={async () => {
          await reveal();
        }}
        onHide={() => setRevealedId(null)}
        onAction={setDialog}
      />
      {person.archivedAt && (
        <Alert color="gray" variant="light" icon={<IconArchive size={18} />} data-testid="archived-banner">
          {t('persons.file.archivedBanner', { reason: person.archivedReason ?? '' })}
        </Alert>
      )}
      {!person.archivedAt && <AlertsPanel personId={person.id} person={{ name: person.name, gender: person.gender }} onChanged={changed} version={version} />}
      <Tabs
        value={current}
        onChange={(value) => value && navigate(`/persons/${person.id}/${value}`, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {tabs.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`file-tab-${key}`}>
              {t(`persons.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info">
          <InfoTab person={person} revealedId={revealedId} reveal={reveal} onUpdated={(next) => update(() => next)} />
        </Tabs.Panel>
        <Tabs.Panel value="measures">
          <MeasuresTab person={person} onMeasureChanged={measureChanged} />
        </Tabs.Panel>
        <Tabs.Panel value="group">
          <WorkingGroupTab person={person} onMeasureChanged={measureChanged} />
        </Tabs.Panel>
        <Tabs.Panel value="supervision">
          {/* An archived file is for viewing and printing: the core refuses every change to it (PERSON_ARCHIVED). */}
          <WriteAccess allowed={person.archivedAt === null}>
            <SectionTabs
              personId={person.id}
              section="supervision"
              panels={supervisionTabs}
              current={sub}
              props={{ personId: person.id, person: { name: person.name, gender: person.gender }, onChanged: changed, version }}
            />
          </WriteAccess>
        </Tabs.Panel>
        <Tabs.Panel value="agreements">
          {agreementTabs.map(({ key, Component }) => (
            <Component key={key} personId={person.id} onChanged={changed} version={version} readOnly={person.archivedAt !== null} />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="care">
          <Box mb="sm">
            <CareSummary personId={person.id} version={version} />
          </Box>
          <WriteAccess allowed={person.archivedAt === null}>
            <SectionTabs personId={person.id} section="care" panels={careTabs} current={sub} props={{ personId: person.id, onChanged: changed, version }} />
          </WriteAccess>
        </Tabs.Panel>
        <Tabs.Panel value="attachments">
          <AttachmentsTab person={person} onPhotoChanged={(photoAttachmentId) => update((p) => ({ ...p, photoAttachmentId }))} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <TimelineTab personId={person.id} key={version} />
        </Tabs.Panel>
      </Tabs>
      {dialog === 'archive' && (
        <ArchiveModal
          person={person}
          onClose={() => setDialog(null)}
          onDone={(reason) => {
            setDialog(null);
            // The core keeps the exact time; the page only needs to know the file is archived now.
            update((p) => ({ ...p, archivedAt: p.archivedAt ?? new Date().toISOString(), archivedReason: reason }));
          }}
        />
      )}
      {dialog === 'unarchive' && (
        <UnarchiveModal
          person={person}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            update((p) => ({ ...p, archivedAt: null, archivedReason: null }));
          }}
        />
      )}
      {dialog === 'purge' && <PurgeModal person={person} onClose={() => setDialog(null)} onDone={() => navigate('/persons', { replace: true })} />}
    </Stack>
  );
}
