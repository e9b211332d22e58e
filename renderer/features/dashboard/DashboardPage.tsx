import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RuleId } from '../../../shared/rules/types';
import type { StationDataView } from '../../../shared/domain/bundles';
import { worklistGroups, type WorklistCounts, type WorklistGroup } from '../../../shared/rules/worklist';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';
import { actionLabelKey, alertSentence, ArticleLabel } from '../supervision';
import { codeWord } from '../../lib/errors';
import { useCanWrite } from '../../lib/writeAccess';
import { LoadState } from '../../components/LoadState';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../lib/format';
import { StationDataNotice } from '../worklist';

const fetchCounts = () => haven.worklist.counts();

/** The person groups shown as cards; the station's own alerts are a banner above them. */
const cardGroups = (Object.keys(worklistGroups) as WorklistGroup[]).filter((g) => g !== 'station');

/** Rules whose count means something is late (or a breach): the card is emphasised. */
const CRITICAL: readonly RuleId[] = ['report_in_overdue', 'tests_refused', 'absence_breach', 'positive_test', 'violation_unreported'];
const LATE: readonly RuleId[] = ['test_overdue', 'contact_overdue', 'leave_overdue', 'term_ended'];

type Tone = 'critical' | 'late' | 'normal' | 'empty';

function toneOf(group: WorklistGroup, counts: WorklistCounts): Tone {
  const rules = worklistGroups[group] as readonly RuleId[];
  const n = (rule: RuleId) => counts.byRule[rule] ?? 0;
  if (rules.some((r) => CRITICAL.includes(r) && n(r) > 0)) return 'critical';
  if (rules.some((r) => LATE.includes(r) && n(r) > 0)) return 'late';
  return counts.byGroup[group] > 0 ? 'normal' : 'empty';
}

const toneColor: Record<Tone, string> = { critical: 'red.7', late: 'orange.7', normal: 'teal.8', empty: 'dimmed' };

/** 工作台: how many items each worklist group holds today, the station's own alerts, and the way in. */
export function DashboardPage() {
  const { t } = useTranslation();
  const counts = useAsync(fetchCounts);

  return (
    <Stack gap="lg" data-testid="dashboard">
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('dashboard.title')}</Title>
        {counts.status === 'ready' && (
          <Text c="dimmed" size="sm" className="haven-tabular" data-testid="dashboard-as-of">
            {t('dashboard.asOf', { date: counts.data.asOf })}
          </Text>
        )}
      </Group>
      <BackupReminder />
      <LoadState state={counts} reload={counts.reload} />
      {counts.status === 'ready' && <DashboardBody counts={counts.data} />}
    </Stack>
  );
}

/** The last successful backup, when it is older than the setting (or there is none): a station's data in one file must not go long without a copy. */
function BackupReminder() {
  const { t } = useTranslation();
  const { user } = useSession();
  const status = useAsync(loadBackupStatus);
  // A failed read must not look like "backups are fine": it says so, with 重试.
  if (status.status === 'error') return <LoadState state={status} reload={status.reload} title={t('settings.backups.dashboardLoadFailed')} />;
  if (status.status !== 'ready' || !status.data.overdue) return null;
  const { last, settings } = status.data;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} />} data-testid="dashboard-backup">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{last ? t('settings.backups.dashboardOld', { at: formatDateTime(last.at), days: settings.warnDays }) : t('settings.backups.dashboardNever')}</Text>
        {user.role === 'admin' && (
          <Anchor component={Link} to="/settings/backups" size="sm" c="dark.9" fw={600} underline="always" data-testid="dashboard-backup-link">
            {t('settings.backups.dashboardAction')}
          </Anchor>
        )}
      </Group>
    </Alert>
  );
}

const loadBackupStatus = () => haven.backups.status({});

function DashboardBody({ counts }: { counts: WorklistCounts & { stations: StationDataView[] } }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const admin = useSession().user.role === 'admin';
  const total = cardGroups.reduce((sum, g) => sum + counts.byGroup[g], 0);

  return (
    <>
      {/* At a supervisor: the counts are of each station's files as of today; whose files are old. */}
      <StationDataNotice stations={counts.stations} today={counts.asOf} />
      {counts.station.map((alert) => (
        <Alert
          key={alert.key}
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={20} />}
          title={t('dashboard.stationTitle')}
          data-testid="station-alert"
          data-rule={alert.ruleId}
        >
          <Stack gap={2}>
            <Text size="sm">{alertSentence(t, alert)}</Text>
            <ArticleLabel article={alert.article} />
            {/* Staffing is answered in 设置 › 用户, not on a person's file. */}
            {canWrite &&
              (admin ? (
                <Button component={Link} to="/settings/users" size="compact-sm" w="fit-content" mt={4} data-testid="station-alert-act">
                  {codeWord(t, actionLabelKey.staff)}
                </Button>
              ) : (
                <Text size="xs" c="dimmed" data-testid="station-alert-info">
                  {t('worklist.info.staffAdminOnly')}
                </Text>
              ))}
          </Stack>
        </Alert>
      ))}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {total === 0 ? t('dashboard.allClear') : null}
        </Text>
        <Anchor component={Link} to="/worklist" size="sm" data-testid="dashboard-all">
          {t('dashboard.allAlerts', { count: total })}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} spacing="md">
        {cardGroups.map((group) => {
          const tone = toneOf(group, counts);
          const count = counts.byGroup[group];
          const rules = (worklistGroups[group] as readonly RuleId[]).filter((r) => (counts.byRule[r] ?? 0) > 0);
          return (
            <Card
              key={group}
              component={Link}
              to={`/worklist?group=${group}`}
              withBorder
              padding="md"
              radius="md"
              data-testid={`dashboard-card-${group}`}
              data-count={count}
              data-tone={tone}
              style={{
                borderColor: tone === 'critical' ? 'var(--mantine-color-red-6)' : undefined,
                borderWidth: tone === 'critical' ? 2 : undefined,
                background: tone === 'critical' ? 'var(--mantine-color-red-0)' : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm" style={{ minWidth: 0 }}>
                  {t(`rules.group.${group}`)}
                </Text>
                <IconChevronRight size={16} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
              </Group>
              <Text fz={32} fw={700} c={toneColor[tone]} className="haven-tabular" lh={1.3} data-testid="dashboard-count">
                {count}
              </Text>
              <Text size="xs" c="dimmed" style={{ minHeight: '1.5em' }} data-testid="dashboard-breakdown">
                {count === 0
                  ? t('dashboard.nothing')
                  : worklistGroups[group].length > 1
                    ? rules.map((r) => `${t(`supervisionUi.ruleName.${r}`)} ${counts.byRule[r] ?? 0}`).join(' · ')
                    : null}
              </Text>
              {group === 'serious_breach' && counts.escalated > 0 && (
                <Text size="xs" fw={600} c="red.7" data-testid="dashboard-escalated" data-count={counts.escalated}>
                  {t('dashboard.escalated', { count: counts.escalated })}
                </Text>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
    </>
  );
}
