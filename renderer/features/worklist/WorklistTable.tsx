import { Badge, ActionIcon, Anchor, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconClipboardList, IconDots, IconEyeOff, IconFolderOpen, IconInfoCircle, IconPencilPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { WorklistRow } from '../../../shared/rules/worklist';
import type { StationDataView } from '../../../shared/domain/bundles';
import { formatDateTime } from '../../lib/format';
import { actionLabelKey, alertSentence, ArticleLabel, BreachWaiting, dismissable, fileTabOfRule, primaryAction, routeOfAction, SeverityBadge, type AlertDialogKind } from '../supervision';
import { infoReason } from './InfoReason';
import { codeWord } from '../../lib/errors';
import { useCanWrite } from '../../lib/writeAccess';
import { RowDataDate } from './StationDataNotice';

/**
 * The rows of 待办: who, what the rule says and on which article, by when, and what to do. At a
 * supervisor each row names its station and the day that station's files are of (`dataDates`).
 */
export function WorklistTable({
  rows,
  onAction,
  dataDates,
}: {
  rows: WorklistRow[];
  onAction: (row: WorklistRow, kind: AlertDialogKind) => void;
  dataDates?: ReadonlyMap<string, StationDataView>;
}) {
  // A supervisor's worklist answers nothing itself: its rows open the station's file.
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const navigate = useNavigate();

  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="worklist-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('supervisionUi.alerts.severity')}</Table.Th>
            <Table.Th w={160}>{t('worklist.person')}</Table.Th>
            <Table.Th>{t('supervisionUi.alerts.item')}</Table.Th>
            <Table.Th w={100}>{t('supervisionUi.alerts.due')}</Table.Th>
            <Table.Th w={170}>{t('supervisionUi.common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const action = row.dismissed ? null : primaryAction(row.ruleId);
            const route = action ? routeOfAction(action, row.personId) : null;
            const act = () => (route ? navigate(route) : onAction(row, 'act'));
            const actLabel = action ? codeWord(t, actionLabelKey[action]) : '';
            // Said in the menu instead of a dead button: why there is nothing to record here.
            const noActReason = row.dismissed ? null : !canWrite ? t('worklist.info.readOnly') : action === null ? infoReason(t, row) : null;
            return (
              <Table.Tr key={row.key} data-testid="worklist-row" data-rule={row.ruleId} data-person-id={row.personId ?? ''} data-dismissed={row.dismissed !== null}>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <SeverityBadge severity={row.severity} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  {row.personId !== null ? (
                    <Stack gap={0}>
                      <Anchor component={Link} to={`/persons/${row.personId}`} fw={600} size="sm" data-testid="worklist-person">
                        {row.personName}
                      </Anchor>
                      <Text size="xs" c="dimmed" className="haven-tabular">
                        {row.idNumberMasked}
                      </Text>
                      {row.staffName && (
                        <Text size="xs" c="dimmed">
                          {t('worklist.staffOf', { name: row.staffName })}
                        </Text>
                      )}
                      {row.station && (
                        <Badge size="xs" color="blue" variant="light" w="fit-content" title={t('worklist.stationFilter')} data-testid="worklist-row-station">
                          {row.station}
                        </Badge>
                      )}
                      {row.station && <RowDataDate data={dataDates?.get(row.station)} />}
                    </Stack>
                  ) : (
                    <Text size="sm" fw={600}>
                      {t('worklist.station')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Text size="sm" data-testid="worklist-sentence" style={{ overflowWrap: 'anywhere' }}>
                    {alertSentence(t, row)}
                  </Text>
                  <ArticleLabel article={row.article} />
                  <BreachWaiting alert={row} />
                  {row.dismissed && (
                    <Text size="xs" c="orange.8" data-testid="worklist-dismissed" style={{ overflowWrap: 'anywhere' }}>
                      {t('supervisionUi.alerts.dismissedReason', { reason: row.dismissed.reason, by: row.dismissed.by ?? '', at: formatDateTime(row.dismissed.at) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="haven-tabular" style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                  {row.dueDate ?? t('supervisionUi.common.none')}
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Group gap={6} wrap="nowrap" justify="flex-end">
                    {action && canWrite && (
                      <Button
                        size="compact-sm"
                        color={row.severity === 'critical' ? 'red' : undefined}
                        onClick={act}
                        aria-label={row.personName ? t('worklist.actionFor', { action: actLabel, name: row.personName }) : undefined}
                        data-testid="worklist-act"
                        data-action={action}
                      >
                        {actLabel}
                      </Button>
                    )}
                    <Menu position="bottom-end" withinPortal shadow="md">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('supervisionUi.common.more')} data-testid="worklist-more">
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown maw={320}>
                        {action && canWrite && (
                          <Menu.Item leftSection={<IconPencilPlus size={16} />} onClick={act} data-testid="worklist-menu-act" data-action={action}>
                            {actLabel}
                          </Menu.Item>
                        )}
                        {noActReason && (
                          <Menu.Label data-testid="worklist-menu-info" style={{ whiteSpace: 'normal' }}>
                            <Group gap={6} wrap="nowrap" align="flex-start">
                              <IconInfoCircle size={16} style={{ flexShrink: 0 }} aria-hidden />
                              <span>{noActReason}</span>
                            </Group>
                          </Menu.Label>
                        )}
                        {row.personId !== null && (
                          <>
                            <Menu.Item leftSection={<IconClipboardList size={16} />} onClick={() => navigate(`/persons/${row.personId}/${fileTabOfRule(row.ruleId)}`)} data-testid="worklist-open-supervision">
                              {t('worklist.openSupervision')}
                            </Menu.Item>
                            <Menu.Item leftSection={<IconFolderOpen size={16} />} onClick={() => navigate(`/persons/${row.personId}`)} data-testid="worklist-open-file">
                              {t('worklist.openFile')}
                            </Menu.Item>
                          </>
                        )}
                        {!row.dismissed && dismissable(row.ruleId) && (
                          <Menu.Item leftSection={<IconEyeOff size={16} />} onClick={() => onAction(row, 'dismiss')} data-testid="worklist-dismiss">
                            {t('supervisionUi.alerts.dismiss')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
