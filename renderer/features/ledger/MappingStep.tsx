import { Alert, Badge, Button, Group, NumberInput, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  LEDGER_LIMITS,
  columnLetter,
  ledgerCheckedFields,
  ledgerImportFields,
  ledgerMeasureFields,
  type LedgerColumnMapping,
  type LedgerImportField,
  type LedgerSheetView,
} from '../../../shared/domain/ledger';
import { fieldLabel } from './common';

const SKIP = '-';

/** The sheet list, hidden sheets marked as such. */
export function SheetSelect({ sheets, value, onSheet }: { sheets: LedgerSheetView[]; value: string | null; onSheet: (name: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('ledger.import.sheet')}
      data={sheets.map((s) => ({ value: s.name, label: t(s.hidden ? 'ledger.import.sheetHiddenRows' : 'ledger.import.sheetRows', { name: s.name, rows: s.lastRow }) }))}
      value={value}
      onChange={(name) => name && onSheet(name)}
      allowDeselect={false}
      w={260}
      data-testid="ledger-sheet"
    />
  );
}

/** Says that hidden sheets were passed over (they are never chosen for the user), or that the chosen one is hidden. */
export function HiddenSheetsNote({ sheets, value }: { sheets: LedgerSheetView[]; value: string | null }) {
  const { t } = useTranslation();
  const hidden = sheets.filter((s) => s.hidden).length;
  if (sheets.find((s) => s.name === value)?.hidden) {
    return (
      <Alert color="yellow" data-testid="ledger-sheet-hidden">
        {t('ledger.import.hiddenChosen')}
      </Alert>
    );
  }
  return hidden > 0 ? (
    <Text size="xs" c="gray.7" maw={900} data-testid="ledger-hidden-sheets">
      {t('ledger.import.hiddenSheets', { count: hidden })}
    </Text>
  ) : null;
}

/**
 * 表头与列: which sheet, which row holds the headers, and what each column holds. The first rows
 * are shown as they are in the file, the header row marked, so the choice can be checked by eye.
 */
export function MappingStep({
  sheets,
  sheet,
  headerRow,
  mapping,
  onSheet,
  onHeaderRow,
  onMapping,
  onPreview,
  busy,
}: {
  sheets: LedgerSheetView[];
  sheet: LedgerSheetView;
  headerRow: number;
  mapping: LedgerColumnMapping[];
  onSheet: (name: string) => void;
  onHeaderRow: (row: number) => void;
  onMapping: (mapping: LedgerColumnMapping[]) => void;
  onPreview: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const headers = sheet.sample[headerRow - 1] ?? [];
  const example = sheet.sample[headerRow] ?? [];
  const width = Math.max(headers.length, ...sheet.sample.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => i + 1).filter((c) => (headers[c - 1] ?? '') !== '' || sheet.sample.slice(headerRow).some((r) => (r[c - 1] ?? '') !== ''));
  const fieldOf = new Map(mapping.map((m) => [m.column, m.field]));
  const used = new Set(mapping.map((m) => m.field));
  const ready = used.has('name') && used.has('idNumber');

  const group = (label: string, fields: readonly LedgerImportField[]) => ({ group: label, items: fields.map((f) => ({ value: f, label: fieldLabel(t, f) })) });
  const personFields = ledgerImportFields.filter((f) => !(ledgerMeasureFields as readonly string[]).includes(f) && !(ledgerCheckedFields as readonly string[]).includes(f));
  const options = [
    { value: SKIP, label: t('ledger.import.skip') },
    group(t('ledger.import.fieldGroups.person'), personFields),
    group(t('ledger.import.fieldGroups.check'), ledgerCheckedFields),
    group(t('ledger.import.fieldGroups.measure'), ledgerMeasureFields),
  ];

  const choose = (column: number, value: string | null) => {
    // A field belongs to one column: choosing it here takes it from another.
    const rest = mapping.filter((m) => m.column !== column && m.field !== value);
    onMapping(value ? [...rest, { column, field: value as LedgerImportField }].sort((a, b) => a.column - b.column) : rest);
  };

  const shownRows = sheet.sample.slice(0, Math.max(headerRow + 5, 8));
  const shownWidth = Math.min(width, 30);

  return (
    <Stack gap="md" data-testid="ledger-mapping">
      <Group align="flex-end" gap="md">
        <SheetSelect sheets={sheets} value={sheet.name} onSheet={onSheet} />
        <NumberInput
          label={t('ledger.import.headerRow')}
          description={t('ledger.import.headerRowHint')}
          min={1}
          max={Math.min(LEDGER_LIMITS.maxHeaderRow, Math.max(1, sheet.sample.length))}
          value={headerRow}
          onChange={(value) => typeof value === 'number' && value >= 1 && onHeaderRow(value)}
          w={200}
          data-testid="ledger-header-row"
        />
      </Group>
      <HiddenSheetsNote sheets={sheets} value={sheet.name} />
      {sheet.tooManyRows && <Alert color="red">{t('ledger.import.tooManyRows')}</Alert>}
      {sheet.tooManyColumns && <Alert color="yellow">{t('ledger.import.tooManyColumns')}</Alert>}

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('ledger.import.sample')}
        </Text>
        <ScrollArea type="auto" offsetScrollbars>
          <Table withTableBorder withColumnBorders striped={false} fz="xs" style={{ whiteSpace: 'nowrap' }} data-testid="ledger-sample">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36} />
                {Array.from({ length: shownWidth }, (_, i) => (
                  <Table.Th key={i} ta="center" c="dimmed">
                    {columnLetter(i + 1)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shownRows.map((cells, index) => (
                <Table.Tr key={index} bg={index + 1 === headerRow ? 'blue.0' : undefined} fw={index + 1 === headerRow ? 600 : undefined}>
                  <Table.Td c="dimmed" ta="right">
                    {index + 1}
                  </Table.Td>
                  {Array.from({ length: shownWidth }, (_, i) => (
                    <Table.Td key={i} maw={200} style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                      {cells[i] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Stack>

      <Stack gap={4}>
        <Title order={3} size="h5">
          {t('ledger.import.mapping')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('ledger.import.mappingHint')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('ledger.import.checkOnly')}
        </Text>
        <Table withTableBorder verticalSpacing={4} data-testid="ledger-columns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={48}>{t('ledger.import.column')}</Table.Th>
              <Table.Th>{t('ledger.import.header')}</Table.Th>
              <Table.Th>{t('ledger.import.example')}</Table.Th>
              <Table.Th w={220}>{t('ledger.import.field')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((column) => (
              <Table.Tr key={column} data-testid={`ledger-column-${columnLetter(column)}`}>
                <Table.Td>{columnLetter(column)}</Table.Td>
                <Table.Td>{headers[column - 1] ?? ''}</Table.Td>
                <Table.Td c="dimmed" maw={240} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {example[column - 1] ?? ''}
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`${t('ledger.import.column')} ${columnLetter(column)}`}
                    data={options}
                    value={fieldOf.get(column) ?? SKIP}
                    onChange={(value) => choose(column, value && value !== SKIP ? value : null)}
                    allowDeselect={false}
                    maxDropdownHeight={320}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      <Group justify="space-between">
        <Group gap={6}>
          {mapping.map((m) => (
            <Badge key={m.field} variant="light" color={m.field === 'name' || m.field === 'idNumber' ? 'blue' : 'gray'} size="sm">
              {columnLetter(m.column)} → {fieldLabel(t, m.field)}
            </Badge>
          ))}
        </Group>
        <Button onClick={onPreview} loading={busy} disabled={!ready || sheet.tooManyRows} data-testid="ledger-preview">
          {t('ledger.import.preview')}
        </Button>
      </Group>
      {!ready && <Alert color="yellow">{t('validation.ledgerNeedsNameAndId')}</Alert>}
    </Stack>
  );
}
