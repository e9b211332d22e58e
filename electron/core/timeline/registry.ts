import type { TimelineEntry } from '../../../shared/domain/persons';
import type { Db } from '../kernel/db/database';

/**
 * The person's timeline is the union of what each feature contributes: a feature adds one
 * source here instead of the timeline knowing every table.
 */
export type TimelineSource = (db: Db, personId: number) => TimelineEntry[];

export function buildTimeline(db: Db, personId: number, sources: readonly TimelineSource[]): TimelineEntry[] {
  return sources
    .flatMap((source) => source(db, personId))
    .sort((a, b) => (a.date === b.date ? b.key.localeCompare(a.key) : b.date.localeCompare(a.date)));
}
