import { Button, Group, Stack, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../shared/domain/types';
import { useSession } from '../../app/session';
import { haven } from '../../ipc';
import { LoadState } from '../../components/LoadState';
import { useAsync } from '../../lib/useAsync';
import { DisableUserModal } from './users/DisableUserModal';
import { EditUserModal } from './users/EditUserModal';
import { NewUserModal } from './users/NewUserModal';
import { SetPasswordModal } from './users/SetPasswordModal';
import { UsersTable, type UserAction } from './users/UsersTable';

type Dialog = { kind: 'create' } | { kind: UserAction; user: UserSummary } | null;

/** 用户管理 (admin): accounts, each with its own key slot. */
export function UsersPanel() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const load = useCallback(() => haven.users.list(), []);
  const users = useAsync(load);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = () => {
    setDialog(null);
    users.reload();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('settings.users.title')}
        </Title>
        <Button leftSection={<IconUserPlus size={18} />} onClick={() => setDialog({ kind: 'create' })} data-testid="add-user">
          {t('settings.users.add')}
        </Button>
      </Group>
      <LoadState state={users} reload={users.reload} />
      {users.status === 'ready' && (
        <UsersTable users={users.data} meId={me.id} onAction={(kind, user) => setDialog({ kind, user })} />
      )}
      {dialog?.kind === 'create' && <NewUserModal onClose={close} onDone={done} />}
      {dialog?.kind === 'edit' && <EditUserModal user={dialog.user} onClose={close} onDone={done} />}
      {(dialog?.kind === 'reset' || dialog?.kind === 'enable') && (
        <SetPasswordModal mode={dialog.kind} user={dialog.user} onClose={close} onDone={done} />
      )}
      {dialog?.kind === 'disable' && <DisableUserModal user={dialog.user} onClose={close} onDone={done} />}
    </Stack>
  );
}
