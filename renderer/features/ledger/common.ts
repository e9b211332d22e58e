import type { TFunction } from 'i18next';
import { columnLetter, type LedgerImportField, type LedgerProblem } from '../../../shared/domain/ledger';
import { codeWord, translateKey } from '../../lib/errors';

/** A field's name in the user's language (the same words the exported headers use). */
export function fieldLabel(t: TFunction, field: string): string {
  return codeWord(t, `ledger.field.${field}`);
}

/** Values of code lists shown as words; empty as a dash. */
export function valueText(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('ledger.import.emptyValue');
  const text = String(value);
  const list: Partial<Record<LedgerImportField, string>> = { education: 'ref.education', employment: 'ref.employment', maritalStatus: 'ref.marital', measureKind: 'measure.kind' };
  const prefix = list[field as LedgerImportField];
  return prefix ? codeWord(t, `${prefix}.${text}`) : text;
}

/** A problem's words, its parameters translated where they are codes. */
export function problemText(t: TFunction, problem: LedgerProblem): string {
  const params: Record<string, unknown> = { ...problem.params };
  if (problem.messageKey === 'validation.ledgerGenderMismatch' && typeof params.gender === 'string') params.gender = codeWord(t, `ref.gender.${params.gender}`);
  return translateKey(t, problem.messageKey, params);
}

export function problemWhere(t: TFunction, problem: LedgerProblem): string {
  if (problem.column === null) return '';
  return problem.field ? t('ledger.import.whereFormat', { column: columnLetter(problem.column), field: fieldLabel(t, problem.field) }) : columnLetter(problem.column);
}

export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
