import { Table, type MantineSpacing } from '@mantine/core';

/** A report section's rows: a label and its count, the counts right-aligned in tabular figures. */
export function CountTable({ rows, testId, spacing, countWidth }: { rows: [string, number | string][]; testId: string; spacing: MantineSpacing | number; countWidth: number }) {
  return (
    <Table verticalSpacing={spacing} data-testid={testId}>
      <Table.Tbody>
        {rows.map(([label, count]) => (
          <Table.Tr key={label}>
            <Table.Td>{label}</Table.Td>
            <Table.Td ta="right" className="haven-tabular" w={countWidth}>
              {count}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
