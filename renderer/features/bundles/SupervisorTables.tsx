import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleLogView, StationRegistryView } from '../../../shared/domain/bundles';
import { formatDateTime } from '../../lib/format';
import { translateKey } from '../../lib/errors';
import { bundleMessage } from './common';
import type { AsyncState } from '../../lib/useAsync';
import { LoadState } from '../../components/LoadState';

/**
 * 工作站: the registry of stations whose bundles this supervisor takes, with how current each is.
 * What asks for action (how old the last bundle is, serious breaches not reported to the police,
 * persons past their report-in deadline) comes right after the station, so a 1280-pixel window shows it unscrolled.
 * A station that sent figures only has no files here: it says so, and the columns counted from
 * files show nothing rather than zeros that would read as "nothing to do".
 */
export function StationsTable({ stations, reload }: { stations: AsyncState<StationRegistryView[]>; reload: () => void }) {
  const { t } = useTranslation();
  const none = t('bundlesUi.stations.none');
  return (
    <Paper withBorder p="md" data-testid="bundles-stations">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.stations.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('bundlesUi.stations.staleHint')}
        </Text>
        <LoadState state={stations} reload={reload} />
        {stations.status === 'ready' &&
          (stations.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('bundlesUi.stations.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={1280}>
              <Table striped data-testid="stations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bundlesUi.stations.station')}</Table.Th>
                    <Table.Th style={nowrap}>{t('bundlesUi.stations.age')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.breaches')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.lateReportIns')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.measures')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.staffing')}</Table.Th>
                    <Table.Th style={nowrap}>{t('bundlesUi.stations.persons')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.lastSeq')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.gaps')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.lastImported')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.dataAsOf')}</Table.Th>
                    <Table.Th>{t('bundlesUi.stations.confirmed')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {stations.data.map((s) => {
                    const figuresOnly = s.lastCreatedAt === null && s.figures !== null;
                    const fromFiles = (value: ReactNode) => (figuresOnly ? none : value);
                    return (
                      <Table.Tr key={s.code} data-testid="station-row" data-code={s.code} data-figures-only={figuresOnly}>
                        <Table.Td>
                          {s.name}
                          {s.auditFlag && (
                            <Badge
                              color="red"
                              variant="filled"
                              ml={6}
                              style={{ minWidth: 'max-content' }}
                              title={t(`bundlesUi.stations.auditFlagHint.${s.auditFlag}`)}
                              data-testid="station-audit-flag"
                              data-flag={s.auditFlag}
                            >
                              {t('bundlesUi.stations.auditFlag')}
                            </Badge>
                          )}
                          <Text size="xs" c="gray.7">
                            {s.code}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {figuresOnly ? (
                            <Badge color="grape" variant="light" style={{ minWidth: 'max-content' }} title={t('bundlesUi.stations.figuresOnlyHint')} data-testid="station-figures-only">
                              {t('bundlesUi.stations.figuresOnly')}
                            </Badge>
                          ) : s.ageDays === null ? (
                            none
                          ) : (
                            <Badge
                              color={s.stale ? 'red' : s.ageDays > 7 ? 'orange' : 'teal'}
                              variant="light"
                              style={{ minWidth: 'max-content' }}
                              title={s.stale ? t('bundlesUi.stations.stale', { days: s.staleAfterDays }) : undefined}
                              data-testid="station-age"
                              data-stale={s.stale}
                            >
                              {t('bundlesUi.stations.ageDays', { count: s.ageDays })}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td c={s.unreportedBreaches > 0 ? 'red.9' : undefined} fw={s.unreportedBreaches > 0 ? 600 : undefined} data-testid="station-breaches">
                          {fromFiles(s.unreportedBreaches)}
                        </Table.Td>
                        <Table.Td c={s.missingReportIns > 0 ? 'orange.9' : undefined} data-testid="station-late-report-ins">
                          {fromFiles(s.missingReportIns)}
                        </Table.Td>
                        <Table.Td data-testid="station-measures">{fromFiles(t('bundlesUi.stations.measuresLine', s.measures))}</Table.Td>
                        <Table.Td style={nowrap} data-testid="station-staffing">
                          {fromFiles(
                            s.perCaseworker === null
                              ? t('bundlesUi.stations.staffingUnknown', { open: s.openMeasures })
                              : t('bundlesUi.stations.staffingLine', { open: s.openMeasures, staff: s.caseworkers, per: s.perCaseworker }),
                          )}
                        </Table.Td>
                        <Table.Td data-testid="station-persons">{fromFiles(s.persons)}</Table.Td>
                        <Table.Td>
                          {s.lastKind ? t('common.withNote', { text: s.lastSeq, note: t(`bundlesUi.kind.${s.lastKind}`) }) : s.lastSeq}
                        </Table.Td>
                        <Table.Td c={s.gaps.length > 0 ? 'orange.8' : undefined}>{s.gaps.length > 0 ? s.gaps.join('；') : none}</Table.Td>
                        <Table.Td>{s.lastImportedAt ? formatDateTime(s.lastImportedAt) : none}</Table.Td>
                        <Table.Td style={nowrap} data-testid="station-data-as-of">
                          {s.lastCreatedAt ? formatDateTime(s.lastCreatedAt) : figuresOnly ? t('bundlesUi.stations.noFiles') : none}
                          {/* The figures-only bundle's day: what 统计报表 shows of the station, apart from its files. */}
                          {s.figures && (
                            <Text size="xs" c="gray.7" data-testid="station-figures-as-of">
                              {t('bundlesUi.stations.figuresAsOf', { date: s.figures.asOf, seq: s.figures.seq })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {formatDateTime(s.confirmedAt)} {s.confirmedBy ?? ''}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Paper>
  );
}

const nowrap = { whiteSpace: 'nowrap' } as const;
const outcomeColor = { accepted: 'teal', duplicate: 'gray', refused: 'red' } as const;

/** 导入记录: every attempt, accepted or not, with its reason. */
export function ImportLog({ log, reload }: { log: AsyncState<BundleLogView[]>; reload: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid="bundles-log">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bundlesUi.log.title')}
        </Title>
        <LoadState state={log} reload={reload} />
        {log.status === 'ready' &&
          (log.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('bundlesUi.log.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table striped data-testid="log-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bundlesUi.log.at')}</Table.Th>
                    <Table.Th>{t('bundlesUi.log.file')}</Table.Th>
                    <Table.Th style={nowrap}>{t('bundlesUi.log.station')}</Table.Th>
                    <Table.Th style={nowrap}>{t('bundlesUi.log.seq')}</Table.Th>
                    <Table.Th style={nowrap}>{t('bundlesUi.log.outcome')}</Table.Th>
                    <Table.Th>{t('bundlesUi.log.reason')}</Table.Th>
                    <Table.Th>{t('bundlesUi.log.by')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {log.data.map((e) => (
                    <Table.Tr key={e.id} data-testid="log-row" data-outcome={e.outcome}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{e.fileName}</Table.Td>
                      <Table.Td style={nowrap}>{e.station ?? ''}</Table.Td>
                      <Table.Td>{e.seq ?? ''}</Table.Td>
                      <Table.Td>
                        <Badge color={outcomeColor[e.outcome]} variant="light" style={{ minWidth: 'max-content' }}>
                          {t(`bundlesUi.import.outcome.${e.outcome}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {e.reason
                            ? bundleMessage(t, `errors.${e.reason}`, e.params, 'errors.BUNDLE_UNREADABLE')
                            : e.warnings.map((w) => translateKey(t, `errors.${w.code}`, w.params)).join(' ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>{e.by ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Paper>
  );
}

