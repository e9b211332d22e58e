import { describe, expect, it } from 'vitest';
import type { HavenCore } from '../../electron/core/app';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { ChannelName, InputOf, ResultOf } from '../../shared/ipc/contract';
import { actionOfRule, alertActionChannels, informationalRules } from '../../shared/rules/actions';
import { ruleIds, SERIOUS_BREACH_RULES, type RuleId } from '../../shared/rules/types';
import type { WorklistRow } from '../../shared/rules/worklist';
import { resources } from '../../renderer/i18n/resources';
import { call, loggedIn } from './support/core';

/**
 * Every rule of the worklist has an act that clears it (issue 14). For each rule (the list comes
 * from the engine's `ruleIds`, not from here): a station state that raises it, then the act its
 * row's dialog records, through the channel `actionOfRule` names; the alert is then gone. A rule
 * added without an act or a scenario fails below.
 */

type Ctx = Awaited<ReturnType<typeof loggedIn>>;
const TEST = { sample: 'urine', mode: 'on_site' } as const;
let serial = 100;

/** Records which channels a scenario's clearing step called, as the dialog would call them. */
function recorder(core: HavenCore) {
  const used: ChannelName[] = [];
  const act = async <C extends ChannelName>(channel: C, input: InputOf<C>): Promise<ResultOf<C>> => {
    used.push(channel);
    return call(core, channel, input);
  };
  return { used, act };
}

async function person(ctx: Ctx, opts: { delivery: string; reportIn?: string; kind?: 'community_detox' | 'community_rehab'; termMonths?: number }) {
  serial += 1;
  const { personId } = await call(ctx.core, 'persons:create', { person: { name: `测试${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: {
      kind: opts.kind ?? 'community_detox',
      decisionNumber: `宁公决字〔2026〕${serial}号`,
      decisionAuthority: '玄武分局',
      decisionDate: opts.delivery,
      deliveryDate: opts.delivery,
      termMonths: opts.termMonths ?? 36,
    },
  });
  if (opts.reportIn) await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: opts.reportIn });
  return { personId, measureId: measure.id };
}

async function alertOf(core: HavenCore, rule: RuleId, personId: number | null): Promise<WorklistRow | undefined> {
  if (personId === null) {
    const counts = await call(core, 'worklist:counts', {});
    return counts.station.find((a) => a.ruleId === rule) as WorklistRow | undefined;
  }
  return (await call(core, 'worklist:person', { personId })).find((a) => a.ruleId === rule);
}

/** Moves the clock a day at a time (at most `days`) until the rule shows for the person. */
async function until(ctx: Ctx, rule: RuleId, personId: number, days = 120): Promise<void> {
  for (let i = 0; i < days; i += 1) {
    if (await alertOf(ctx.core, rule, personId)) return;
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 86_400_000).toISOString());
  }
}

const today = (ctx: Ctx) => {
  const d = new Date(ctx.clock.now().getTime() + 8 * 3_600_000);
  return d.toISOString().slice(0, 10);
};

interface Scenario {
  /** Builds the state; returns the person the alert is about (null: the station's). */
  raise: (ctx: Ctx) => Promise<number | null>;
  /** Records the act as the row's dialog does. */
  clear: (ctx: Ctx, alert: WorklistRow, personId: number | null, act: ReturnType<typeof recorder>['act']) => Promise<void>;
}

const violationFor = (ctx: Ctx, alert: WorklistRow, personId: number | null, act: ReturnType<typeof recorder>['act']) =>
  act('violations:create', { personId: personId!, violation: { date: today(ctx), severity: 'general', description: '依提醒登记', ruleKey: alert.key } }).then(() => undefined);

/** Reported in 2026-01-05, today 2026-03-02 (loggedIn's clock). */
const active = (ctx: Ctx) => person(ctx, { delivery: '2026-01-01', reportIn: '2026-01-05' });

const scenarios: Record<RuleId, Scenario> = {
  report_in_due: {
    raise: async (ctx) => (await person(ctx, { delivery: '2026-02-25' })).personId,
    clear: async (ctx, alert, personId, act) => {
      const [m] = await call(ctx.core, 'measures:list', { personId: personId! });
      await act('measures:transition', { measureId: m!.id, action: 'report_in', date: today(ctx) });
    },
  },
  report_in_overdue: { raise: async (ctx) => (await person(ctx, { delivery: '2026-01-01' })).personId, clear: violationFor },
  tests_refused: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      for (const date of ['2026-01-20', '2026-02-10', '2026-03-01']) await call(ctx.core, 'tests:create', { personId, test: { ...TEST, date, result: 'refused' } });
      return personId;
    },
    clear: violationFor,
  },
  absence_breach: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      await call(ctx.core, 'absences:create', { personId, absence: { fromDate: '2026-01-10', toDate: '2026-02-20', discovered: 'home_visit' } });
      return personId;
    },
    clear: violationFor,
  },
  positive_test: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      await call(ctx.core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-01', result: 'positive', substances: ['methamphetamine'] } });
      return personId;
    },
    clear: violationFor,
  },
  violation_unreported: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      await call(ctx.core, 'violations:create', { personId, violation: { date: '2026-03-01', severity: 'serious', description: '严重违反协议' } });
      return personId;
    },
    clear: async (ctx, alert, _personId, act) => {
      await act('violations:reportToPolice', { violationId: Number(alert.facts.violationId), date: today(ctx), reportedTo: '玄武分局禁毒大队' });
    },
  },
  leave_overdue: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      const leave = await call(ctx.core, 'leaves:create', { personId, leave: { reason: '探亲', province: '安徽省', startDate: '2026-03-03', endDate: '2026-03-05' } });
      await call(ctx.core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '' });
      ctx.clock.set('2026-03-07T09:00:00+08:00');
      return personId;
    },
    clear: async (ctx, alert, _personId, act) => {
      await act('leaves:return', { leaveId: Number(alert.facts.leaveId), returnedOn: today(ctx) });
    },
  },
  test_due: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      await call(ctx.core, 'tests:create', { personId, test: { ...TEST, date: '2026-03-02', result: 'negative' } });
      await until(ctx, 'test_due', personId);
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      await act('tests:create', { personId: personId!, test: { ...TEST, date: today(ctx), result: 'negative' } });
    },
  },
  test_overdue: {
    raise: async (ctx) => (await active(ctx)).personId,
    clear: async (ctx, _alert, personId, act) => {
      await act('tests:create', { personId: personId!, test: { ...TEST, date: today(ctx), result: 'negative' } });
    },
  },
  contact_due: {
    raise: async (ctx) => {
      const { personId } = await active(ctx);
      await call(ctx.core, 'contacts:create', { personId, contact: { date: '2026-03-02', kind: 'home_visit', summary: '家访，状态稳定' } });
      await until(ctx, 'contact_due', personId);
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      await act('contacts:create', { personId: personId!, contact: { date: today(ctx), kind: 'face_to_face', summary: '面谈，近况良好' } });
    },
  },
  contact_overdue: {
    raise: async (ctx) => (await active(ctx)).personId,
    clear: async (ctx, _alert, personId, act) => {
      await act('contacts:create', { personId: personId!, contact: { date: today(ctx), kind: 'face_to_face', summary: '面谈，近况良好' } });
    },
  },
  term_ending: {
    // Informational: the act comes after the planned end (term_ended → 期满解除).
    raise: async (ctx) => (await person(ctx, { delivery: '2026-01-01', reportIn: '2026-01-05', kind: 'community_rehab', termMonths: 2 })).personId,
    clear: async () => {},
  },
  term_ended: {
    raise: async (ctx) => {
      const { personId } = await person(ctx, { delivery: '2026-01-01', reportIn: '2026-01-05', kind: 'community_rehab', termMonths: 1 });
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      const [m] = await call(ctx.core, 'measures:list', { personId: personId! });
      await act('measures:transition', { measureId: m!.id, action: 'complete', date: today(ctx) });
    },
  },
  discharge_notice_missing: {
    raise: async (ctx) => {
      const { personId, measureId } = await person(ctx, { delivery: '2026-01-01', reportIn: '2026-01-05', kind: 'community_rehab', termMonths: 1 });
      await call(ctx.core, 'measures:transition', { measureId, action: 'complete', date: today(ctx) });
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      const [m] = await call(ctx.core, 'measures:list', { personId: personId! });
      await act('measures:recordDischargeNotice', { measureId: m!.id, notice: { number: '玄公解字〔2026〕9号', issuedOn: today(ctx), notifiedOn: today(ctx) } });
    },
  },
  three_years_clean: {
    raise: async (ctx) => {
      const { personId, measureId } = await person(ctx, { delivery: '2026-01-01', reportIn: '2026-01-05', kind: 'community_rehab', termMonths: 1 });
      await call(ctx.core, 'measures:transition', { measureId, action: 'complete', date: '2026-03-02' });
      ctx.clock.set('2029-01-02T09:00:00+08:00');
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      await act('clean:endDynamicControl', { personId: personId!, decidedOn: today(ctx), basis: '检测均为阴性，经评估戒断三年未复吸' });
    },
  },
  reassessment_due: {
    raise: async (ctx) => (await active(ctx)).personId,
    clear: async (ctx, _alert, personId, act) => {
      const CALM = { drugType: 'cannabis', severity: 'use', behaviour: 'cooperative', family: 'supportive', employment: 'stable' };
      const preview = await call(ctx.core, 'risk:preview', { personId: personId!, date: today(ctx), factors: CALM });
      await act('risk:create', { personId: personId!, assessment: { date: today(ctx), factors: CALM, level: preview.suggestedLevel } });
    },
  },
  staffing_ratio: {
    raise: async (ctx) => {
      const settings = await call(ctx.core, 'schedules:get', {});
      await call(ctx.core, 'schedules:update', { ...settings, staffingRatio: 1 });
      await active(ctx);
      await active(ctx);
      return null;
    },
    clear: async (_ctx, _alert, _personId, act) => {
      await act('users:create', { username: 'li.shegong', displayName: '李社工', role: 'staff', password: 'staff password 1' });
    },
  },
  agreement_missing: {
    raise: async (ctx) => (await active(ctx)).personId,
    clear: async (ctx, _alert, personId, act) => {
      const [m] = await call(ctx.core, 'measures:list', { personId: personId! });
      const draft = await act('agreements:generate', { measureId: m!.id });
      await act('agreements:sign', { agreementId: draft.id, signedOn: today(ctx) });
    },
  },
  working_group_missing: {
    raise: async (ctx) => {
      const { personId, measureId } = await active(ctx);
      await call(ctx.core, 'measures:setWorkingGroup', { measureId, members: [{ role: 'community_police', name: '赵警官' }] });
      return personId;
    },
    clear: async (ctx, _alert, personId, act) => {
      const [m] = await call(ctx.core, 'measures:list', { personId: personId! });
      await act('measures:setWorkingGroup', { measureId: m!.id, members: [{ role: 'full_time_staff', name: '李社工' }, { role: 'community_police', name: '赵警官' }] });
    },
  },
};

describe('every worklist rule has an act that clears it', () => {
  it('has a scenario and an act (or a stated reason) for every rule of the engine', () => {
    expect(Object.keys(scenarios).sort()).toEqual([...ruleIds].sort());
    expect(Object.keys(actionOfRule).sort()).toEqual([...ruleIds].sort());
    // A serious breach is answered by a violation record (RR art. 21), never by another form.
    for (const rule of SERIOUS_BREACH_RULES) expect(actionOfRule[rule]).toBe('violation');
    // An alert no form clears says why in its row's menu, in both languages.
    for (const rule of informationalRules) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const info = (resources[locale].translation as unknown as { worklist: { info: Record<string, string> } }).worklist.info;
        expect(info[rule], `${locale} worklist.info.${rule}`).toBeTruthy();
      }
    }
  });

  for (const rule of ruleIds) {
    const action = actionOfRule[rule];
    it(`${rule}: ${action ? `cleared by ${alertActionChannels[action]}` : 'informational'}`, async () => {
      const scenario = scenarios[rule];
      expect(scenario, `no scenario for ${rule}`).toBeDefined();
      const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
      const personId = await scenario.raise(ctx);
      const alert = await alertOf(ctx.core, rule, personId);
      expect(alert, `${rule} was not raised`).toBeDefined();
      if (action === null) {
        // Nothing to record; it stays until time turns it into the rule that has an act.
        expect(informationalRules).toContain(rule);
        return;
      }
      const { used, act } = recorder(ctx.core);
      await scenario.clear(ctx, alert!, personId, act);
      expect(used).toContain(alertActionChannels[action]);
      const after = personId === null ? (await call(ctx.core, 'worklist:counts', {})).station : await call(ctx.core, 'worklist:person', { personId });
      expect(after.map((a) => a.key)).not.toContain(alert!.key);
    });
  }
});
