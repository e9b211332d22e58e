import { Box, Button, Stack, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent, UserSummary } from '../../../../shared/domain/types';
import { codeWord } from '../../../lib/errors';

/**
 * What an audit event's details say beyond its action and target: each changed field's old and
 * new value (`changes`, kernel/ops.ts fieldChanges), the reason given for a correction or a
 * deletion, or that the words went with a file deleted for good (`purged`, kernel/audit.ts).
 */
interface Change {
  from: unknown;
  to: unknown;
}

interface Shown {
  changes: [string, Change][];
  /** How many lines the changes make (a group of fields, such as the drug use history, one per changed part). */
  count: number;
  reason: string | null;
  purged: boolean;
}

/** The parts of an event's details this screen shows; null when there is nothing to show. */
export function shownDetails(event: AuditEvent): Shown | null {
  const details = event.details;
  if (!details) return null;
  const raw = details.changes;
  const changes = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw as Record<string, unknown>).filter((entry): entry is [string, Change] => isPlainObject(entry[1])) : [];
  const reason = typeof details.reason === 'string' && details.reason.trim() !== '' ? details.reason : null;
  const purged = details.purged === true;
  const count = changes.reduce((sum, [, { from, to }]) => sum + (isPlainObject(from) && isPlainObject(to) ? changedParts(from, to).length : 1), 0);
  return changes.length > 0 || reason !== null || purged ? { changes, count, reason, purged } : null;
}

/**
 * Where a field's codes have words: `<area>.<field>` (the action's first part) before `<field>`,
 * for names that mean different things in different records (a measure's kind, a contact's).
 */
const VALUE_WORDS: Record<string, string> = {
  education: 'ref.education',
  employment: 'ref.employment',
  maritalStatus: 'ref.marital',
  substances: 'ref.substance',
  method: 'ref.method',
  relation: 'ref.relation',
  gender: 'ref.gender',
  sample: 'supervision.sample',
  mode: 'supervision.mode',
  result: 'supervision.result',
  discovered: 'supervision.discovered',
  severity: 'supervision.severity',
  handling: 'supervision.handling',
  level: 'supervision.riskLevel',
  suggestedLevel: 'supervision.riskLevel',
  needs: 'help.category',
  department: 'help.department',
  'measures.kind': 'measure.kind',
  'contacts.kind': 'supervision.contactKind',
  'care.category': 'care.category',
  'help.category': 'help.category',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of a group of fields whose value differs. */
function changedParts(from: Record<string, unknown>, to: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((key) => JSON.stringify(from[key]) !== JSON.stringify(to[key]));
}

const EMPTY = '—';

export interface ChangeLine {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** Turns an event's changes into lines of words: field names and codes through i18n, the code when there is none. */
export function useChangeLines(users: UserSummary[]) {
  const { t, i18n } = useTranslation();
  const word = useCallback((key: string) => (i18n.exists(key) ? codeWord(t, key) : undefined), [t, i18n]);

  return useCallback(
    (action: string, changes: [string, Change][]): ChangeLine[] => {
      const area = action.split('.')[0] ?? '';
      const english = i18n.language === 'en';
      // The ledger's column names cover a file's own fields; audit.fields adds the records' and differs where the ledger's word would mislead.
      const fieldLabel = (field: string) => word(`audit.fields.${field}`) ?? word(`ledger.field.${field}`) ?? field;

      const show = (value: unknown, words: string | undefined, field: string): string => {
        if (value === null || value === undefined || value === '') return EMPTY;
        if (typeof value === 'boolean') return t(value ? 'settings.audit.yes' : 'settings.audit.no');
        if (field === 'staffUserId' && typeof value === 'number') return users.find((u) => u.id === value)?.displayName ?? `#${value}`;
        if (typeof value === 'number') return String(value);
        if (typeof value === 'string') return (words !== undefined ? word(`${words}.${value}`) : undefined) ?? value;
        if (Array.isArray(value)) {
          const parts = value.map((item) => show(item, words, field)).filter((part) => part !== EMPTY);
          const separator = english ? (value.some(isPlainObject) ? '; ' : ', ') : '、';
          return parts.length > 0 ? parts.join(separator) : EMPTY;
        }
        if (isPlainObject(value)) {
          // One item of a list (a family contact): its values, in words where a code has some.
          const parts = Object.entries(value).map(([key, item]) => show(item, VALUE_WORDS[key], key)).filter((part) => part !== EMPTY);
          return parts.length > 0 ? parts.join(' ') : EMPTY;
        }
        return String(value);
      };

      const lines: ChangeLine[] = [];
      for (const [field, { from, to }] of changes) {
        if (isPlainObject(from) && isPlainObject(to)) {
          // A group of fields (the drug use history, a risk assessment's factors): one line per changed part.
          const factors = field === 'factors';
          for (const key of changedParts(from, to)) {
            const words = factors ? `risk.option.${key}` : VALUE_WORDS[key];
            const part = (factors ? word(`risk.factor.${key}`) : undefined) ?? fieldLabel(key);
            lines.push({ key: `${field}.${key}`, label: `${fieldLabel(field)} · ${part}`, from: show(from[key], words, key), to: show(to[key], words, key) });
          }
          continue;
        }
        const words = VALUE_WORDS[`${area}.${field}`] ?? VALUE_WORDS[field];
        lines.push({ key: field, label: fieldLabel(field), from: show(from, words, field), to: show(to, words, field) });
      }
      return lines;
    },
    [t, i18n, word, users],
  );
}

/** The button that shows or hides an event's details (its row below); says what it holds. */
export function AuditDetailsToggle({ shown, open, controls, onToggle }: { shown: Shown; open: boolean; controls: string; onToggle: () => void }) {
  const { t } = useTranslation();
  const label = shown.count > 0 ? t('settings.audit.showChanges', { count: shown.count }) : shown.reason !== null ? t('settings.audit.showDetails') : t('settings.audit.showPurged');
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      onClick={onToggle}
      rightSection={<IconChevronDown size={14} aria-hidden style={{ transform: open ? 'rotate(180deg)' : undefined }} />}
      data-testid="audit-details-toggle"
    >
      {label}
    </Button>
  );
}

const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** The details themselves: the reason, each change as "field：old → new", or that they were removed with the file. */
export function AuditDetails({ event, shown, users }: { event: AuditEvent; shown: Shown; users: UserSummary[] }) {
  const { t, i18n } = useTranslation();
  const changeLines = useChangeLines(users);
  const reason = shown.reason !== null && shown.reason.startsWith('errors.') && i18n.exists(shown.reason) ? codeWord(t, shown.reason) : shown.reason;
  return (
    <Stack gap={4} data-testid="audit-details">
      {reason !== null && (
        <Text size="sm" style={WRAP} data-testid="audit-details-reason">
          {t('settings.audit.reason', { reason })}
        </Text>
      )}
      {shown.changes.length > 0 && (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 2 }}>
          {changeLines(event.action, shown.changes).map((line) => (
            <Text component="li" size="sm" key={line.key} style={WRAP} data-testid="audit-change" data-field={line.key}>
              <Text span inherit fw={600}>
                {t('settings.audit.fieldLabel', { field: line.label })}
              </Text>
              {line.from} → {line.to}
            </Text>
          ))}
        </Box>
      )}
      {shown.purged && (
        <Text size="sm" c="gray.7" data-testid="audit-details-purged">
          {t('settings.audit.purged')}
        </Text>
      )}
    </Stack>
  );
}
