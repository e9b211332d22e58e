import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/schemas/common';
import { useSession } from './session';

/**
 * A role's word as this install says it: a station's staff are its 社工, but a supervisor's
 * (上级禁毒办) users are not social workers, so there they are 工作人员.
 */
export function useRoleLabel(): (role: Role) => string {
  const { t } = useTranslation();
  const { mode } = useSession().station;
  return useCallback((role: Role) => (role === 'staff' && mode === 'supervisor' ? t('roles.supervisorStaff') : t(`roles.${role}`)), [t, mode]);
}
