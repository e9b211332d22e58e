import { Badge, Button, Group, Menu, Table, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../../shared/domain/types';
import { formatDateTime } from '../../../lib/format';
import { useRoleLabel } from '../../../app/roleLabel';

export type UserAction = 'edit' | 'reset' | 'disable' | 'enable';

export function UsersTable({
  users,
  meId,
  onAction,
}: {
  users: UserSummary[];
  meId: number;
  onAction: (action: UserAction, user: UserSummary) => void;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  if (users.length === 0) return <Text c="dimmed">{t('settings.users.empty')}</Text>;

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.users.username')}</Table.Th>
            <Table.Th>{t('settings.users.displayName')}</Table.Th>
            <Table.Th>{t('settings.users.role')}</Table.Th>
            <Table.Th>{t('settings.users.status')}</Table.Th>
            <Table.Th>{t('settings.users.lastLogin')}</Table.Th>
            <Table.Th w={120}>{t('settings.users.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => {
            const isMe = user.id === meId;
            return (
              <Table.Tr key={user.id} data-testid={`user-row-${user.username}`}>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{user.displayName}</Text>
                    {isMe && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('settings.users.you')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{roleLabel(user.role)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.disabled ? (
                      <Badge color="gray" variant="light">
                        {t('settings.users.disabled')}
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        {t('settings.users.active')}
                      </Badge>
                    )}
                    {!user.disabled && !user.hasKeySlot && (
                      <Badge color="orange" variant="light" data-testid="needs-reset">
                        {t('settings.users.needsReset')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td className="haven-tabular">
                  {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : (
                    <Text size="sm" c="dimmed">
                      {t('settings.users.neverLoggedIn')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button
                        size="compact-sm"
                        variant="default"
                        rightSection={<IconChevronDown size={14} />}
                        data-testid={`user-actions-${user.username}`}
                      >
                        {t('settings.users.actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => onAction('edit', user)}>{t('settings.users.edit')}</Menu.Item>
                      {user.disabled ? (
                        <Menu.Item onClick={() => onAction('enable', user)}>{t('settings.users.enable')}</Menu.Item>
                      ) : (
                        <>
                          {/* One's own password is changed under 账户, with the current password. */}
                          {!isMe && (
                            <Menu.Item onClick={() => onAction('reset', user)}>{t('settings.users.resetPassword')}</Menu.Item>
                          )}
                          {!isMe && (
                            <Menu.Item color="red" onClick={() => onAction('disable', user)}>
                              {t('settings.users.disable')}
                            </Menu.Item>
                          )}
                        </>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
