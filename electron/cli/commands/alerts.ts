import { resolve } from 'node:path';
import { chinaDay, isIsoDate } from '../../../shared/domain/dates';
import { alertSentenceKey } from '../../../shared/rules/worklist';
import { alertsAsOf } from '../../core/worklist/asOf';
import { getSupervisionSettings } from '../../core/kernel/supervisionSettings';
import { CliError, type Translate } from '../io';
import type { Flags } from '../index';
import { openForCli } from '../open';

/** `alerts`: the worklist as of a day, for scripted daily reports. */
export async function alertsCommand(flags: Flags, t: Translate): Promise<void> {
  const at = typeof flags.at === 'string' ? flags.at : chinaDay(new Date());
  if (!isIsoDate(at)) throw new CliError(t('cli.alerts.badDate', { at }), 2);
  const { db, masterKey } = await openForCli(resolve(String(flags.db ?? '')), flags);
  try {
    const alerts = alertsAsOf(db, at, getSupervisionSettings(db));
    if (flags.json) {
      const out = alerts.map(({ ruleId, severity, personId, facts, article, dueDate }) => ({ ruleId, severity, personId, facts, article, dueDate }));
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    const names = new Map((db.prepare('SELECT id, name FROM persons').all() as { id: number; name: string }[]).map((p) => [p.id, p.name]));
    process.stdout.write(`${t('cli.alerts.header', { at, count: alerts.length })}\n`);
    for (const a of alerts) {
      const who = a.personId === null ? t('cli.alerts.station') : `${names.get(a.personId) ?? '?'} (#${a.personId})`;
      const facts = Object.fromEntries(Object.entries(a.facts).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      process.stdout.write(`${t(`rules.severity.${a.severity}`)}\t${who}\t${t(alertSentenceKey(a), facts)}\t${a.article}\n`);
    }
  } finally {
    db.close();
    masterKey.fill(0);
  }
}
