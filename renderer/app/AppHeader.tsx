import { Badge, Button, Group, Menu, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconKey, IconLock, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession, useSessionApi } from './session';
import { SHORTCUTS } from './useShortcuts';
import { useConfirmDropInput } from '../lib/leaveGuard';
import { useRoleLabel } from './roleLabel';

export function AppHeader() {
  const { t } = useTranslation();
  const { user, station } = useSession();
  const roleLabel = useRoleLabel();
  const { lockNow, logout } = useSessionApi();
  const navigate = useNavigate();
  // Logging out drops every open form, and the core drops the drafts of long texts with it.
  const confirmDropInput = useConfirmDropInput();

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text fw={700} size="lg" c="teal.8" style={{ whiteSpace: 'nowrap' }} data-testid="app-name">
          {t('app.name')}
        </Text>
        <Text c="dimmed" size="sm" truncate="end" title={station.name} data-testid="station-name" aria-label={t('header.station')}>
          {station.name}
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <LanguageSwitch />
        <Tooltip label={t('common.withNote', { text: t('header.lockHint'), note: SHORTCUTS.lock })} withArrow>
          <Button
            variant="light"
            size="compact-md"
            leftSection={<IconLock size={16} />}
            onClick={() => void lockNow()}
            aria-keyshortcuts="Control+L"
            data-testid="lock-button"
          >
            {t('header.lock')}
          </Button>
        </Tooltip>
        <Menu position="bottom-end" width={220} withinPortal>
          <Menu.Target>
            <UnstyledButton title={t('header.userMenu')} data-testid="user-menu">
              <Group gap={6} wrap="nowrap">
                <IconUserCircle size={22} stroke={1.5} />
                <Text size="sm" fw={500} truncate="end" maw={140}>
                  {user.displayName}
                </Text>
                <IconChevronDown size={14} />
              </Group>
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" truncate="end">
                  {user.displayName}
                </Text>
                <Badge variant="light" size="sm">
                  {roleLabel(user.role)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {user.username}
              </Text>
            </Menu.Label>
            <Menu.Divider />
            <Menu.Item leftSection={<IconKey size={16} />} onClick={() => navigate('/settings/account')}>
              {t('header.changePassword')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconLock size={16} />}
              rightSection={
                <Text size="xs" c="dimmed">
                  {SHORTCUTS.lock}
                </Text>
              }
              onClick={() => void lockNow()}
              data-testid="menu-lock"
            >
              {t('header.lock')}
            </Menu.Item>
            <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => confirmDropInput(() => void logout())} data-testid="logout">
              {t('header.logout')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}
