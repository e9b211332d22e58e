import { HavenError } from '../../../shared/ipc/errors';
import { UNREPORTED_BREACH_RULES, type RuleId } from '../../../shared/rules/types';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { getStation } from '../kernel/settings';
import { listWorklist, personAlerts, refreshDueInSteps, refreshPerson, worklistCounts } from './store';
import { stationDataDates } from './stationData';

export const worklistHandlers = {
  'worklist:person': (input, ctx) => {
    const ops = opsFromSession(ctx);
    const person = requirePerson(ops, input.personId);
    if (person.archived_at) return [];
    ctx.db.transaction(() => refreshPerson(ctx.db, input.personId, ops.today, getSupervisionSettings(ctx.db)))();
    return personAlerts(ctx.db, input.personId, ops.today);
  },

  'worklist:dismiss': (input, ctx) => {
    const ops = opsFromSession(ctx);
    if (input.personId !== null) {
      requirePerson(ops, input.personId);
      const alert = ctx.db.prepare('SELECT rule_id FROM alerts WHERE person_id = ? AND key = ?').get(input.personId, input.key) as { rule_id: RuleId } | undefined;
      if (!alert) throw new HavenError('NOT_FOUND', { messageKey: 'errors.ALERT_NOT_FOUND' });
      // A serious breach is answered by a police report or a 正当理由, never dismissed (RR art. 21, 44(2)).
      if (UNREPORTED_BREACH_RULES.includes(alert.rule_id)) {
        throw new HavenError('CONFLICT', { messageKey: 'errors.BREACH_NOT_DISMISSABLE', params: { ruleId: alert.rule_id } });
      }
    }
    ctx.db.transaction(() => {
      ctx.db
        .prepare('INSERT OR IGNORE INTO alert_dismissals (person_id, key, rule_id, reason, user_name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.personId, input.key, input.key.split(':')[0] ?? '', input.reason, ctx.user.displayName, ctx.now.toISOString());
      ops.audit({ action: 'alerts.dismiss', entity: input.personId === null ? 'station' : 'person', entityId: input.personId ?? undefined, details: { key: input.key, reason: input.reason } });
    })();
  },

  'worklist:list': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    await refreshDueInSteps(ctx.db, ops.today, getSupervisionSettings(ctx.db), ctx.jobs);
    return listWorklist(ctx.db, ops.today, input);
  },

  'worklist:counts': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    const settings = getSupervisionSettings(ctx.db);
    await refreshDueInSteps(ctx.db, ops.today, settings, ctx.jobs);
    const counts = worklistCounts(ctx.db, ops.today, settings, { stationCode: input.stationCode });
    // At a supervisor the counts are of each station's files as of today: how old each station's
    // files are goes with them, so the screen can say whose items may have been handled since.
    const supervisor = getStation(ctx.db).mode === 'supervisor';
    const code = input.stationCode?.toUpperCase() ?? null;
    const stations = supervisor ? stationDataDates(ctx.db, ops.today, settings.stationStaleDays).filter((s) => code === null || s.code === code) : [];
    return { ...counts, stations };
  },
} satisfies FeatureHandlers;
