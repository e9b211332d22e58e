import { Box, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  color?: string;
}

/**
 * A table with a plain CSS bar per row (no chart library): label, bar scaled to the largest
 * value, the number, and its share of `total` when given.
 */
export function BarTable({ rows, unit, total, testId }: { rows: BarRow[]; unit: string; total?: number; testId: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Table verticalSpacing={6} withRowBorders={false} data-testid={testId} style={{ tableLayout: 'fixed' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="38%">{t('reportsUi.column.item')}</Table.Th>
          <Table.Th />
          <Table.Th w={72} ta="right">
            {unit}
          </Table.Th>
          {total !== undefined && (
            <Table.Th w={64} ta="right">
              {t('reportsUi.column.share')}
            </Table.Th>
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-testid={`${testId}-row`} data-key={row.key} data-value={row.value}>
            <Table.Td>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {row.label}
              </Text>
            </Table.Td>
            <Table.Td>
              <Box bg="var(--mantine-color-gray-1)" h={14} style={{ borderRadius: 4, overflow: 'hidden' }} aria-hidden>
                <Box
                  h="100%"
                  bg={`var(--mantine-color-${row.color ?? 'blue'}-6)`}
                  style={{ width: `${(row.value / max) * 100}%`, minWidth: row.value > 0 ? 4 : 0, borderRadius: 4 }}
                />
              </Box>
            </Table.Td>
            <Table.Td ta="right" className="haven-tabular" fw={600} data-testid={`${testId}-value`}>
              {row.value}
            </Table.Td>
            {total !== undefined && (
              <Table.Td ta="right" className="haven-tabular" c="dimmed" fz="sm">
                {total > 0 ? `${Math.round((row.value / total) * 100)}%` : '—'}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
      {total !== undefined && (
        <Table.Tfoot>
          <Table.Tr>
            <Table.Td fw={700}>{t('reportsUi.column.total')}</Table.Td>
            <Table.Td />
            <Table.Td ta="right" fw={700} className="haven-tabular" data-testid={`${testId}-total`}>
              {total}
            </Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      )}
    </Table>
  );
}
