import { Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MeasureEvent } from '../../../shared/domain/persons';
import { MeasureStatusBadge } from '.';
import { codeWord } from '../../lib/errors';

/** The reason code of a suspension or termination in words (codes of other actions: none). */
export function reasonCodeWord(t: TFunction, action: string, code: string | null | undefined): string {
  if (!code) return '';
  const list = action === 'suspend' ? 'suspensionReason' : action === 'terminate' ? 'terminationReason' : null;
  return list ? codeWord(t, `measure.${list}.${code}`) : code;
}

/** 变更记录: every change of state with its date, reason and user, oldest first. */
export function MeasureEventsTable({ events }: { events: MeasureEvent[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} fz="sm" data-testid="measure-events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('measures.events.date')}</Table.Th>
            <Table.Th w={150}>{t('measures.events.action')}</Table.Th>
            <Table.Th w={110}>{t('measures.events.status')}</Table.Th>
            <Table.Th>{t('measures.events.reason')}</Table.Th>
            <Table.Th w={110}>{t('measures.events.user')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => {
            const code = reasonCodeWord(t, event.action, event.reasonCode);
            const parts = [code, event.destination && t('measures.events.destination', { destination: event.destination }), event.reason].filter(Boolean);
            return (
              <Table.Tr key={event.id} data-testid="measure-event" data-action={event.action}>
                <Table.Td className="haven-tabular">{event.date}</Table.Td>
                <Table.Td>{t(`measure.action.${event.action}`)}</Table.Td>
                <Table.Td>
                  <MeasureStatusBadge status={event.toStatus} size="sm" />
                </Table.Td>
                <Table.Td>
                  {parts.length > 0 ? (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {parts.join(' · ')}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{event.userName ?? ''}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
