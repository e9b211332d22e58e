import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../../shared/domain/types';
import { codeWord } from '../../../lib/errors';

/**
 * Audit actions are codes (`auth.login`, `users.create`); shown in words via
 * `audit.actions.<code>`, and as the raw code when no translation exists yet.
 */
export function useAuditLabels() {
  const { t, i18n } = useTranslation();

  const actionLabel = useCallback(
    (action: string) => {
      const key = `audit.actions.${action}`;
      const label = i18n.exists(key) ? codeWord(t, key) : action;
      return typeof label === 'string' ? label : action;
    },
    [t, i18n],
  );

  const targetLabel = useCallback(
    (event: AuditEvent) => {
      // A search by number that found many files names none of them: how many it found.
      if (!event.entity) return typeof event.details?.found === 'number' ? t('audit.foundFiles', { count: event.details.found }) : '';
      const key = `audit.entities.${event.entity}`;
      const entity = i18n.exists(key) ? codeWord(t, key) : event.entity;
      const username = event.details?.username;
      if (typeof username === 'string') return `${entity} ${username}`;
      return event.entityId ? `${entity} ${event.entityId}` : entity;
    },
    [t, i18n],
  );

  return { actionLabel, targetLabel };
}
