import { HavenError } from '../../../shared/ipc/errors';
import { evaluatePerson, unreportedBreaches } from '../../../shared/rules/engine';
import type { Db } from './db/database';
import { getSupervisionSettings } from './supervisionSettings';
import { loadPersonFacts } from './facts';

/**
 * Refuses a step that would take a person out of daily view (解除, archiving) while a serious
 * breach of theirs waits for its police report (RR art. 21; staff liability RR art. 44(2)). The
 * message names the first breach and says how many there are.
 */
export function refuseWhileBreachUnreported(db: Db, personId: number, today: string, messageKey: string): void {
  const facts = loadPersonFacts(db, personId);
  if (!facts) return;
  const open = unreportedBreaches(evaluatePerson(facts, today, getSupervisionSettings(db)).alerts);
  const first = open[0];
  if (!first) return;
  const since = first.facts.breachDate;
  throw new HavenError('CONFLICT', {
    messageKey,
    params: { ruleId: first.ruleId, date: typeof since === 'string' ? since : '', count: open.length },
  });
}
