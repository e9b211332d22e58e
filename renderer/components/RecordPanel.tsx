import { Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type CSSProperties, type Key, type ReactNode } from 'react';
import type { AsyncState } from '../lib/useAsync';
import { notifySuccess } from '../lib/notify';
import { LoadState } from './LoadState';
import { ReasonModal } from './ReasonModal';
import { useCanWrite } from '../lib/writeAccess';

/** One column of a record table. */
export interface RecordColumn<T> {
  header: ReactNode;
  /** The column's width in px; without it the column takes what is left. */
  width?: number;
  cell: (row: T) => ReactNode;
  /** Tabular figures (dates, counts). */
  tabular?: boolean;
  /** Kept on one line (short dates and codes). */
  nowrap?: boolean;
  /** Long free text may break anywhere rather than widen the table. */
  breakAnywhere?: boolean;
}

/**
 * The remove flow: a button on the row, a dialog asking for the reason, then the core call. `R` is
 * the rows that may be removed, where `allowed` narrows them (a record not stored yet).
 */
export interface RecordRemove<T, R extends T = T> {
  /** The button's label, also the dialog's confirm label unless `confirmLabel` says otherwise. */
  label: string;
  confirmLabel?: string;
  testId: string;
  /** Button size, to match the row's other buttons. */
  size?: 'compact-xs' | 'compact-sm';
  title: string;
  hint: string;
  /** What is removed, shown above the reason box (the record's date and kind). */
  summary: (row: R) => ReactNode;
  /** The core call; a refusal it throws is shown in the dialog. */
  run: (row: R, reason: string) => Promise<unknown>;
  /** The notification once removed. */
  doneMessage: string;
  /** Rows that may be removed (default: all). */
  allowed?: ((row: T) => row is R) | ((row: T) => boolean);
  /** With it, removal sits in a row menu (with 更正 when `correct` is given), not a red button on every row. */
  menuLabel?: string;
}

/** 更正: the row menu's first item, opening the caller's form for the row with a reason field. */
export interface RecordCorrect<T> {
  label: string;
  testId: string;
  onClick: (row: T) => void;
  /** Rows that may be corrected (default: all). */
  allowed?: (row: T) => boolean;
}

/** The per-row buttons column. */
export interface RecordActions<T> {
  header?: ReactNode;
  width: number;
  /** The row's buttons; `remove` is the remove button (null where the row may not be removed), placed by the caller. */
  cell: (row: T, remove: ReactNode) => ReactNode;
}

/** `data-*` attributes for a row (what tests and styles select on). */
export type RowData = Record<`data-${string}`, string | number | boolean | undefined>;

export interface RecordPanelProps<T, R extends T = T> {
  testId: string;
  /** The rows as loaded (`useRecords`/`useAsync`), with their reload. */
  state: AsyncState<readonly T[]> & { reload: () => void };
  /** A dimmed note left of the add button. */
  hint?: ReactNode;
  /** Anything else left of the add button (a mode badge). */
  toolbar?: ReactNode;
  add?: { label: string; testId: string; onClick: () => void; disabled?: boolean };
  emptyText: string;
  tableTestId: string;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  /** Highlight the row under the pointer. */
  highlightOnHover?: boolean;
  /** Align every cell to the top (rows with several lines). */
  alignTop?: boolean;
  columns: readonly RecordColumn<T>[];
  rowKey: (row: T) => Key;
  rowTestId: string;
  rowData?: (row: T) => RowData;
  /** The buttons column; with only `remove`, a narrow column holding its button. */
  actions?: RecordActions<T>;
  remove?: RecordRemove<T, R>;
  correct?: RecordCorrect<T>;
  /** Called after the panel itself changed a record (a removal), once the list reloads. */
  onChanged?: () => void;
  /** The caller's own dialogs. */
  children?: ReactNode;
}

/** A lone remove button's (or row menu's) column. */
const REMOVE_ONLY_WIDTH = 60;
const MENU_ONLY_WIDTH = 120;

function cellStyle(column: Pick<RecordColumn<never>, 'nowrap' | 'breakAnywhere'>, alignTop: boolean): CSSProperties | undefined {
  const style: CSSProperties = {};
  if (column.nowrap) style.whiteSpace = 'nowrap';
  if (column.breakAnywhere) style.overflowWrap = 'anywhere';
  if (alignTop) style.verticalAlign = 'top';
  return Object.keys(style).length > 0 ? style : undefined;
}

/**
 * A person's records of one kind as a table: an add button (with a note beside it), the load
 * state, an empty text, one row a record with its buttons, and the row menu (更正, then
 * 删除（录入错误） with a confirmation and a reason).
 * Words come from the caller; the caller's own dialogs go in `children`.
 */
export function RecordPanel<T, R extends T = T>({
  testId,
  state,
  hint,
  toolbar,
  add: addButton,
  emptyText,
  tableTestId,
  minWidth,
  highlightOnHover,
  alignTop = false,
  columns,
  rowKey,
  rowTestId,
  rowData,
  actions: rowActions,
  remove: removeAction,
  correct: correctAction,
  onChanged,
  children,
}: RecordPanelProps<T, R>) {
  const [removing, setRemoving] = useState<{ row: R } | null>(null);
  // Read-only data (a supervisor's imported files): no add, no row buttons, no remove.
  const canWrite = useCanWrite();
  const add = canWrite ? addButton : undefined;
  const actions = canWrite ? rowActions : undefined;
  const remove = canWrite ? removeAction : undefined;
  const correct = canWrite ? correctAction : undefined;
  const start = hint !== undefined || toolbar !== undefined;

  /** Without `allowed` every row may be removed (`R` is then `T`). */
  const removable = (row: T): row is R => remove?.allowed?.(row) ?? true;
  const correctable = (row: T): boolean => correct !== undefined && (correct.allowed?.(row) ?? true);
  const removeButton = (row: T): ReactNode => {
    const canRemove = remove !== undefined && removable(row);
    // The row menu: 更正 first, then 删除（录入错误） behind a confirmation with a reason.
    if (remove?.menuLabel !== undefined || correct !== undefined) {
      if (!canRemove && !correctable(row)) return null;
      return (
        // No exit transition: the dialog an item opens must not sit over a fading, empty dropdown (axe).
        <Menu position="bottom-end" withinPortal transitionProps={{ duration: 0 }}>
          <Menu.Target>
            <Button size={remove?.size ?? 'compact-xs'} variant="subtle" color="gray" rightSection={<IconChevronDown size={14} />} data-testid="record-menu">
              {remove?.menuLabel ?? correct?.label}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {correct && correctable(row) && (
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => correct.onClick(row)} data-testid={correct.testId}>
                {correct.label}
              </Menu.Item>
            )}
            {remove && canRemove && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setRemoving({ row })} data-testid={remove.testId}>
                {remove.label}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      );
    }
    return remove && canRemove ? (
      <Button size={remove.size ?? 'compact-xs'} variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setRemoving({ row })} data-testid={remove.testId}>
        {remove.label}
      </Button>
    ) : null;
  };
  const menuOnly = remove?.menuLabel !== undefined || correct !== undefined;
  const buttons: RecordActions<T> | undefined =
    actions ?? ((remove || correct) && { width: menuOnly ? MENU_ONLY_WIDTH : REMOVE_ONLY_WIDTH, cell: (row) => removeButton(row) });

  return (
    <Stack gap="md" data-testid={testId}>
      {(add || start) && (
        <Group justify={start ? 'space-between' : 'flex-end'} wrap="wrap">
          {hint !== undefined && (
            <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 240 }}>
              {hint}
            </Text>
          )}
          {toolbar}
          {add && (
            <Button leftSection={<IconPlus size={18} />} disabled={add.disabled} onClick={add.onClick} data-testid={add.testId}>
              {add.label}
            </Button>
          )}
        </Group>
      )}
      <LoadState state={state} reload={state.reload} />
      {state.status === 'ready' && state.data.length === 0 && <Text c="dimmed">{emptyText}</Text>}
      {state.status === 'ready' && state.data.length > 0 && (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table striped highlightOnHover={highlightOnHover} verticalSpacing="xs" data-testid={tableTestId}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column, i) => (
                  <Table.Th key={i} w={column.width}>
                    {column.header}
                  </Table.Th>
                ))}
                {buttons && <Table.Th w={buttons.width}>{buttons.header}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.data.map((row) => (
                <Table.Tr key={rowKey(row)} data-testid={rowTestId} {...rowData?.(row)}>
                  {columns.map((column, i) => (
                    <Table.Td key={i} className={column.tabular ? 'haven-tabular' : undefined} style={cellStyle(column, alignTop)}>
                      {column.cell(row)}
                    </Table.Td>
                  ))}
                  {buttons && <Table.Td style={cellStyle({}, alignTop)}>{buttons.cell(row, removeButton(row))}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {children}
      {remove && removing && (
        <ReasonModal
          title={remove.title}
          hint={remove.hint}
          summary={remove.summary(removing.row)}
          confirmLabel={remove.confirmLabel ?? remove.label}
          color="red"
          irreversible
          onClose={() => setRemoving(null)}
          onSubmit={async (reason) => {
            await remove.run(removing.row, reason);
            notifySuccess(remove.doneMessage);
            setRemoving(null);
            state.reload();
            onChanged?.();
          }}
        />
      )}
    </Stack>
  );
}

/**
 * A panel's own dialogs, one open at a time: `open` one, `close` it, or `done` after it changed a
 * record (closes, reloads the list, tells the host).
 */
export function useRecordDialog<D>(reload: () => void, onChanged?: () => void) {
  const [dialog, setDialog] = useState<D | null>(null);
  const close = () => setDialog(null);
  const done = () => {
    setDialog(null);
    reload();
    onChanged?.();
  };
  return { dialog, open: setDialog, close, done };
}
