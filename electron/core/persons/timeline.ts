import type { TimelineEntry } from '../../../shared/domain/persons';
import { chinaDay } from '../../../shared/domain/dates';
import type { Db } from '../kernel/db/database';

/** Timeline: the file's own life (opened, archived). */
export function personTimeline(db: Db, personId: number): TimelineEntry[] {
  const row = db.prepare('SELECT created_at, created_by, archived_at, archived_reason FROM persons WHERE id = ?').get(personId) as
    | { created_at: string; created_by: string | null; archived_at: string | null; archived_reason: string | null }
    | undefined;
  if (!row) return [];
  const entries: TimelineEntry[] = [
    { key: 'person:created', date: chinaDay(new Date(row.created_at)), kind: 'person.created', params: {}, detail: '', by: row.created_by },
  ];
  if (row.archived_at) {
    entries.push({ key: 'person:archived', date: chinaDay(new Date(row.archived_at)), kind: 'person.archived', params: {}, detail: row.archived_reason ?? '', by: null });
  }
  return entries;
}
