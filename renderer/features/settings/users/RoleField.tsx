import { Group, Radio } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../../shared/schemas/common';
import { useRoleLabel } from '../../../app/roleLabel';

/** 管理员 / 社工 (工作人员 at a supervisor) as two radios (a choice of two reads better than a drop-down). */
export function RoleField({
  value,
  onChange,
  error,
}: {
  value: Role;
  onChange: (role: Role) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  return (
    <Radio.Group
      label={t('settings.users.role')}
      value={value}
      onChange={(next) => {
        const role = roles.find((r) => r === next);
        if (role) onChange(role);
      }}
      error={error}
      required
    >
      <Group mt={6}>
        {roles.map((role) => (
          <Radio key={role} value={role} label={roleLabel(role)} data-testid={`role-${role}`} />
        ))}
      </Group>
    </Radio.Group>
  );
}
