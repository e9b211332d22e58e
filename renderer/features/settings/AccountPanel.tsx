import { Badge, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useRoleLabel } from '../../app/roleLabel';

export function AccountPanel() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const { user } = useSession();
  return (
    <Stack gap="lg" maw={560}>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="sm">
          {t('settings.account.profile')}
        </Title>
        <Table variant="vertical" withRowBorders={false} layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={120}>{t('settings.account.displayName')}</Table.Th>
              <Table.Td>{user.displayName}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.account.username')}</Table.Th>
              <Table.Td>{user.username}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.account.role')}</Table.Th>
              <Table.Td>
                <Group>
                  <Badge variant="light">{roleLabel(user.role)}</Badge>
                </Group>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="sm">
          {t('settings.account.changePassword')}
        </Title>
        <ChangePasswordForm />
      </Paper>
    </Stack>
  );
}
