import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconPencil, IconTrash } from '@tabler/icons-react';

interface RowMenuItem {
  label: string;
  testId: string;
  onClick: () => void;
}

/**
 * A record row's menu for tables not built on RecordPanel: 更正 first, then 删除（录入错误）
 * (whose dialog asks for a confirmation and a reason), instead of a red button on every row.
 * The same look as RecordPanel's row menu.
 */
export function RowMenu({ label, correct, remove, testId = 'record-menu' }: { label: string; correct?: RowMenuItem; remove?: RowMenuItem; testId?: string }) {
  return (
    // No exit transition: a dialog opened from an item would otherwise leave the fading, empty
    // dropdown mounted behind it (axe: aria-required-children on the dialog's page).
    <Menu position="bottom-end" withinPortal transitionProps={{ duration: 0 }}>
      <Menu.Target>
        <Button size="compact-xs" variant="subtle" color="gray" rightSection={<IconChevronDown size={14} />} data-testid={testId}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {correct && (
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={correct.onClick} data-testid={correct.testId}>
            {correct.label}
          </Menu.Item>
        )}
        {remove && (
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={remove.onClick} data-testid={remove.testId}>
            {remove.label}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
