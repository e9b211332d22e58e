import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck, IconPencil, IconPlus, IconX } from '@tabler/icons-react';
import { RowMenu } from '../../../components/RowMenu';
import { useTranslation } from 'react-i18next';
import type { HelpItem, HelpPlan } from '../../../../shared/domain/care';
import { formatDateTime } from '../../../lib/format';
import { PlanStatusBadge } from '../common/badges';
import { useCanWrite } from '../../../lib/writeAccess';

export type PlanAction =
  | { kind: 'editPlan' }
  | { kind: 'approve' }
  | { kind: 'reject' }
  | { kind: 'addItem' }
  | { kind: 'editItem'; item: HelpItem }
  | { kind: 'completeItem'; item: HelpItem }
  | { kind: 'removeItem'; item: HelpItem };

/** One 帮扶方案: status, needs, goals, the decision, and its items. */
export function PlanCard({ plan, isAdmin, onAction }: { plan: HelpPlan; isAdmin: boolean; onAction: (action: PlanAction) => void }) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const created = formatDateTime(plan.createdAt).slice(0, 10);
  // A rejected plan takes no new or changed items (the core refuses them: help under it is not
  // counted as given); its items can still be removed if entered wrongly.
  const rejected = plan.status === 'rejected';
  return (
    <Paper withBorder p="md" radius="md" data-testid="plan-card" data-plan-id={plan.id} data-status={plan.status}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={4} size="h5">
                {t('careUi.help.planTitle')}
              </Title>
              <PlanStatusBadge status={plan.status} />
            </Group>
            <Text size="xs" c="dimmed">
              {plan.createdBy ? t('careUi.help.createdBy', { date: created, name: plan.createdBy }) : t('careUi.help.createdOn', { date: created })}
            </Text>
          </Stack>
          <Group gap="xs" display={canWrite ? undefined : 'none'}>
            {isAdmin && plan.status === 'requested' && (
              <>
                <Button size="xs" color="teal" leftSection={<IconCheck size={16} />} onClick={() => onAction({ kind: 'approve' })} data-testid="plan-approve">
                  {t('careUi.help.approve')}
                </Button>
                <Button size="xs" variant="light" color="red" leftSection={<IconX size={16} />} onClick={() => onAction({ kind: 'reject' })} data-testid="plan-reject">
                  {t('careUi.help.reject')}
                </Button>
              </>
            )}
            <Button size="xs" variant="default" leftSection={<IconPencil size={16} />} onClick={() => onAction({ kind: 'editPlan' })} data-testid="plan-edit">
              {t('careUi.help.editPlan')}
            </Button>
          </Group>
        </Group>

        {plan.status === 'requested' && (
          <Text size="sm" c="yellow.8" data-testid="plan-awaiting">
            {t('careUi.help.awaiting')}
          </Text>
        )}
        {plan.decidedOn && (
          <Text size="sm" data-testid="plan-decision">
            {t('careUi.help.decided', { date: plan.decidedOn, name: plan.decidedBy ?? '', status: t(`help.planStatus.${plan.status}`) })}
            {plan.decisionNote ? ` · ${t('careUi.help.decisionNote', { note: plan.decisionNote })}` : ''}
          </Text>
        )}
        {plan.status === 'rejected' && (
          <Text size="sm" c="dimmed">
            {t('careUi.help.rejectedHint')}
          </Text>
        )}

        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('careUi.help.needs')}
          </Text>
          <Group gap={6}>
            {plan.needs.map((need) => (
              <Badge key={need} variant="outline" color="blue" size="md" data-testid="plan-need">
                {t(`help.category.${need}`)}
              </Badge>
            ))}
          </Group>
          {plan.needsNote && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {plan.needsNote}
            </Text>
          )}
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('careUi.help.goals')}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="plan-goals-text">
            {plan.goals}
          </Text>
        </Stack>

        <Group justify="space-between" mt="xs">
          <Text size="sm" fw={600}>
            {t('careUi.help.items')}
          </Text>
          {!rejected && canWrite && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={16} />} onClick={() => onAction({ kind: 'addItem' })} data-testid="add-item">
              {t('careUi.help.addItem')}
            </Button>
          )}
        </Group>
        {plan.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('careUi.help.noItems')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={700}>
            <Table striped verticalSpacing="xs" fz="sm" data-testid="items-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('careUi.help.category')}</Table.Th>
                  <Table.Th>{t('careUi.help.department')}</Table.Th>
                  <Table.Th>{t('careUi.help.description')}</Table.Th>
                  <Table.Th>{t('careUi.help.plannedDate')}</Table.Th>
                  <Table.Th>{t('careUi.help.doneDate')}</Table.Th>
                  <Table.Th>{t('careUi.help.outcome')}</Table.Th>
                  <Table.Th w={200} aria-label={t('careUi.common.actions')} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.items.map((item) => (
                  <Table.Tr key={item.id} data-testid="item-row" data-done={item.doneDate ? 'true' : 'false'}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`help.category.${item.category}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`help.department.${item.department}`)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 140 }}>{item.description}</Table.Td>
                    <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {item.plannedDate ?? t('careUi.common.none')}
                    </Table.Td>
                    <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {item.doneDate ?? (
                        <Badge size="sm" variant="light" color="gray">
                          {t('careUi.help.pending')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 120 }}>{item.outcome || t('careUi.common.none')}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end" display={canWrite ? undefined : 'none'}>
                        {/* Help is given under an approved plan only (the core refuses a done date otherwise). */}
                        {!item.doneDate && plan.status === 'approved' && (
                          <Button size="compact-xs" variant="light" color="teal" leftSection={<IconCheck size={14} />} onClick={() => onAction({ kind: 'completeItem', item })} data-testid="complete-item">
                            {t('careUi.help.markDone')}
                          </Button>
                        )}
                        <RowMenu
                          label={t('careUi.common.rowMenu')}
                          correct={rejected ? undefined : { label: t('careUi.common.correct'), testId: 'edit-item', onClick: () => onAction({ kind: 'editItem', item }) }}
                          remove={{ label: t('careUi.common.remove'), testId: 'remove-item', onClick: () => onAction({ kind: 'removeItem', item }) }}
                        />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
