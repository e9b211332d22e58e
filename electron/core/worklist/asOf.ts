import type { SupervisionSettings } from '../../../shared/domain/supervision';
import { evaluatePerson, evaluateStation } from '../../../shared/rules/engine';
import type { Alert } from '../../../shared/rules/types';
import type { Db } from '../kernel/db/database';
import { loadFactsRange } from '../kernel/facts';
import { chunks, FACTS_CHUNK, stationCounts } from './store';
import { countedPerson } from '../kernel/counted';

/**
 * The worklist as of any day, computed afresh and stored nowhere (the CLI's daily report and
 * look-backs). Persons without any measure have nothing to check; a person on file at two
 * stations is checked where it counts (counted.ts).
 */
export function alertsAsOf(db: Db, asOf: string, settings: SupervisionSettings): Alert[] {
  const ids = db
    .prepare(`SELECT DISTINCT p.id FROM persons p JOIN measures m ON m.person_id = p.id WHERE p.archived_at IS NULL AND ${countedPerson('p')} ORDER BY p.id`)
    .pluck()
    .all() as number[];
  const alerts: Alert[] = [];
  for (const chunk of chunks(ids, FACTS_CHUNK)) {
    const facts = loadFactsRange(db, chunk[0] as number, chunk.at(-1) as number);
    for (const id of chunk) {
      const person = facts.get(id);
      if (person) alerts.push(...evaluatePerson(person, asOf, settings).alerts);
    }
  }
  return [...evaluateStation(stationCounts(db), settings), ...alerts];
}
