import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { measureDecisionSchema, measureTransitionSchema } from '../../shared/schemas/measure';
import { personInputSchema } from '../../shared/schemas/person';
import { leaveRequestSchema } from '../../shared/schemas/supervision';
import { generateAgreement } from '../../electron/core/agreements/service';
import { exportBundle } from '../../electron/core/bundles/export';
import { importBundle } from '../../electron/core/bundles/import';
import { registerRecipient } from '../../electron/core/bundles/recipients';
import type { Db } from '../../electron/core/kernel/db/database';
import { keySheet } from '../../electron/core/kernel/identity/ownKeys';
import { opsFor } from '../../electron/core/kernel/ops';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { createLeave } from '../../electron/core/leaves/service';
import { registerMeasure, transitionMeasure } from '../../electron/core/measures/service';
import { createPerson } from '../../electron/core/persons/service';
import { Html } from '../../electron/core/print/html';
import { renderPage } from '../../electron/core/print/layout';
import { renderDocument } from '../../electron/core/print/render';
import { cellText } from '../../electron/core/print/documents/common';
import { call, loggedIn, reportedInPerson, SETUP } from './support/core';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const NOW = new Date('2026-03-02T01:00:00Z');
const STATION = '玄武区某街道社区戒毒社区康复工作站';
const SUPERVISOR = '玄武区禁毒办';

const opened: Db[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()?.close();
});

function makeDb(code: string, name: string, mode: 'station' | 'supervisor', displayName: string) {
  const dir = tempDir();
  const paths = pathsForDatabase(join(dir, `${code}.db`));
  createVault(paths, { station: { code, name, mode }, admin: { username: 'admin', displayName, password: 'a long password' } }, NOW, { scrypt: FAST_SCRYPT });
  const { db } = unlockWithPassword(paths, 'admin', 'a long password', { scrypt: FAST_SCRYPT });
  opened.push(db);
  return { db, ops: opsFor(db, NOW, { userId: 1, username: 'admin', displayName }), dir };
}

/** The text of one "label | value" cell pair of a printed form. */
const field = (page: string, label: string) => new RegExp(`${label}</td>\\s*<td>([^<]*)</td>`).exec(page)?.[1];

describe('a station’s file printed at a supervisor', () => {
  it('is issued by the station: its 建档单位, number, 责任社工, 执行地 and seal, not the supervisor’s', async () => {
    const s = makeDb('JS-NJ-01', STATION, 'station', '王站长');
    const v = makeDb('SUP-01', SUPERVISOR, 'supervisor', '李主任');
    const personId = createPerson(s.ops, personInputSchema.parse({ name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), staffUserId: 1 }));
    const measureId = registerMeasure(
      s.ops,
      personId,
      measureDecisionSchema.parse({ kind: 'community_detox', decisionNumber: '宁公决字〔2026〕1号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 }),
    );
    transitionMeasure(s.ops, measureTransitionSchema.parse({ measureId, action: 'report_in', date: '2026-01-05' }));
    generateAgreement(s.ops, measureId);
    createLeave(s.ops, personId, leaveRequestSchema.parse({ reason: '探亲', province: '江苏', startDate: '2026-03-10', endDate: '2026-03-12' }));
    const ended = createPerson(s.ops, personInputSchema.parse({ name: '李四', idNumber: composeIdNumber('320102', '1985-03-09', 251) }));
    const endedMeasure = registerMeasure(
      s.ops,
      ended,
      measureDecisionSchema.parse({ kind: 'community_detox', decisionNumber: '宁公决字〔2026〕2号', decisionAuthority: '玄武分局', decisionDate: '2025-12-30', deliveryDate: '2026-01-01', termMonths: 36 }),
    );
    transitionMeasure(s.ops, measureTransitionSchema.parse({ measureId: endedMeasure, action: 'report_in', date: '2026-01-05' }));
    transitionMeasure(s.ops, measureTransitionSchema.parse({ measureId: endedMeasure, action: 'terminate', date: '2026-03-01', reasonCode: 'compulsory_isolation', reason: '决定强制隔离戒毒' }));

    const sheet = keySheet(v.ops);
    registerRecipient(s.ops, { name: '区禁毒办', recipient: sheet.recipient, fingerprint: sheet.recipientFingerprint });
    const out = await exportBundle(s.ops, { kind: 'full', recipient: sheet.recipient, personId: null, out: s.dir });
    const result = await importBundle(v.ops, out.path.split('/').pop() as string, readFileSync(out.path), { confirmFingerprints: [keySheet(s.ops).fingerprint], replaceStationKeys: [] });
    expect(result.outcome, JSON.stringify(result)).toBe('accepted');

    const copy = v.db.prepare('SELECT id, current_measure_id AS measureId FROM persons WHERE origin_station = ? AND origin_person_id = ?').get('JS-NJ-01', personId) as { id: number; measureId: number };
    const agreementId = v.db.prepare('SELECT id FROM agreements WHERE person_id = ?').pluck().get(copy.id) as number | undefined;
    const leaveId = v.db.prepare('SELECT id FROM leaves WHERE person_id = ?').pluck().get(copy.id) as number;
    expect(agreementId).toBeDefined();
    const print = (request: Parameters<typeof renderDocument>[1]) => renderDocument(v.ops, request).html;

    const caseFile = print({ document: 'caseFile', personId: copy.id });
    expect(field(caseFile, '建档单位')).toBe(STATION);
    // The station's number for the file, not the supervisor's code with its own (block) id.
    expect(field(caseFile, '档案编号')).toBe(`JS-NJ-01-${String(personId).padStart(6, '0')}`);
    expect(field(caseFile, '责任社工')).toBe('王站长');
    // An imported agreement has no template here: no "模板第 0 版".
    expect(caseFile).not.toContain('模板第');

    const reportIn = print({ document: 'reportIn', measureId: copy.measureId });
    expect(field(reportIn, '执行地')).toBe(STATION);
    expect(reportIn).toContain(`${STATION}<span class="nowrap">（盖章）</span>`);

    const agreement = print({ document: 'agreement', agreementId: agreementId as number });
    expect(agreement).toContain(`甲方：${STATION}<span class="nowrap">（盖章）</span>`);

    expect(field(print({ document: 'leaveForm', leaveId }), '工作站')).toBe(STATION);

    const endedCopy = v.db.prepare('SELECT m.id FROM measures m JOIN persons p ON p.id = m.person_id WHERE p.origin_person_id = ?').pluck().get(ended) as number;
    const measureEnd = print({ document: 'measureEnd', measureId: endedCopy });
    expect(field(measureEnd, '执行地')).toBe(STATION);
    expect(measureEnd).toContain(`${STATION}<span class="nowrap">（盖章）</span>`);

    // The access history is the supervisor's own audit log: the file is the station's, the record the supervisor's.
    const access = print({ document: 'accessHistory', personId: copy.id });
    expect(field(access, '建档单位')).toBe(STATION);
    expect(field(access, '记录单位')).toBe(SUPERVISOR);

    for (const page of [caseFile, reportIn, agreement, measureEnd]) expect(page).not.toContain(SUPERVISOR);

    // At the station itself nothing changes: its own name and number.
    const own = renderDocument(s.ops, { document: 'caseFile', personId }).html;
    expect(field(own, '建档单位')).toBe(STATION);
    expect(field(own, '档案编号')).toBe(`JS-NJ-01-${String(personId).padStart(6, '0')}`);
    expect(own).toContain('（模板第 3 版）');
    expect(field(renderDocument(s.ops, { document: 'accessHistory', personId }).html, '记录单位')).toBeUndefined();
  });
});

describe('the printed-by line', () => {
  it('cannot end the page’s style sheet, whatever the display name holds', () => {
    const page = renderPage({ title: '个人档案', style: 'form', printedBy: 'a</style><b>x</b>\n"\\', printedAt: '2026-03-02 09:00' }, new Html('<p>正文</p>'));
    expect(page.match(/<\/style/gi)).toHaveLength(1);
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('content: "打印人：a\\3c /style\\3e \\3c b\\3e x\\3c /b\\3e \\a \\22 \\5c 　打印时间：2026-03-02 09:00";');
  });
});

describe('请假审批表', () => {
  it('names a person’s documents in the print queue by the file’s number, never the person’s name', async () => {
    const { core, personId, measureId } = await reportedInPerson();
    const pageTitle = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
    const fileNo = `JS-NJ-01-${String(personId).padStart(6, '0')}`;
    const reportIn = await call(core, 'print:render', { document: 'reportIn', measureId });
    expect(reportIn.title).toBe('社区戒毒报到登记表（张三）');
    expect(pageTitle(reportIn.html)).toBe(`社区戒毒报到登记表（${fileNo}）`);
    for (const request of [{ document: 'caseFile', personId }, { document: 'accessHistory', personId }] as const) {
      const printed = await call(core, 'print:render', request);
      expect(pageTitle(printed.html)).toContain(fileNo);
      expect(pageTitle(printed.html)).not.toContain('张三');
    }
    // The station's own documents keep their titles.
    expect(pageTitle((await call(core, 'print:render', { document: 'keySheet' })).html)).not.toContain('JS-NJ-01-');
  });

  it('says what the 审批意见 is in each state: written report, pending, decided, withdrawn', async () => {
    const { core, personId } = await reportedInPerson();
    const settings = await call(core, 'schedules:get', {});
    const opinion = async (leaveId: number) => field((await call(core, 'print:render', { document: 'leaveForm', leaveId })).html, '审批意见');
    const create = async (startDate: string, endDate: string) => (await call(core, 'leaves:create', { personId, leave: { reason: '探亲', province: '江苏', startDate, endDate } })).id;

    // A station that does not require approval registers the written report (RR art. 19).
    await call(core, 'schedules:update', { ...settings, leaveApprovalRequired: false });
    const registered = await create('2026-03-05', '2026-03-07');
    const registeredReturned = await create('2026-02-01', '2026-02-05');
    await call(core, 'leaves:return', { leaveId: registeredReturned, returnedOn: '2026-02-05', note: '' });
    const registeredCancelled = await create('2026-03-20', '2026-03-22');
    await call(core, 'leaves:cancel', { leaveId: registeredCancelled, reason: '行程取消' });
    expect(await opinion(registered)).toBe('本站实行书面报告，已登记。');
    expect(await opinion(registeredReturned)).toBe('本站实行书面报告，已登记。');
    expect(await opinion(registeredCancelled)).toBe('已于2026年3月2日经王站长撤销：行程取消。');

    await call(core, 'schedules:update', { ...settings, leaveApprovalRequired: true });
    const pending = await create('2026-04-01', '2026-04-02');
    const withdrawn = await create('2026-04-05', '2026-04-06');
    await call(core, 'leaves:cancel', { leaveId: withdrawn, reason: '不去了' });
    const approved = await create('2026-04-10', '2026-04-12');
    await call(core, 'leaves:decide', { leaveId: approved, decision: 'approve', note: '同意' });
    const approvedCancelled = await create('2026-04-20', '2026-04-22');
    await call(core, 'leaves:decide', { leaveId: approvedCancelled, decision: 'approve', note: '同意' });
    await call(core, 'leaves:cancel', { leaveId: approvedCancelled, reason: '家中有事' });
    const rejected = await create('2026-04-25', '2026-04-26');
    await call(core, 'leaves:decide', { leaveId: rejected, decision: 'reject', note: '理由不充分' });
    const approvedReturned = await create('2026-02-10', '2026-02-12');
    await call(core, 'leaves:decide', { leaveId: approvedReturned, decision: 'approve', note: '' });
    await call(core, 'leaves:return', { leaveId: approvedReturned, returnedOn: '2026-02-12', note: '' });

    expect(await opinion(pending)).toBe('待审批');
    expect(await opinion(withdrawn)).toBe('已于2026年3月2日经王站长撤销：不去了。');
    expect(await opinion(approved)).toBe('已批准（王站长，2026年3月2日）同意');
    expect(await opinion(approvedCancelled)).toBe('已于2026年3月2日经王站长撤销：家中有事。撤销前已于2026年3月2日经王站长批准（同意）。');
    expect(await opinion(rejected)).toBe('未批准（王站长，2026年3月2日）理由不充分');
    expect(await opinion(approvedReturned)).toBe('已批准（王站长，2026年3月2日）');
  });
});

describe('table cells', () => {
  it('keep a date, an ID or phone number and a rate with its fraction on one line; other words may break', () => {
    expect(String(cellText('2026-03-02 3201**********231X 138****5678'))).toBe(
      '<span class="nowrap">2026-03-02</span> <span class="nowrap">3201**********231X</span> <span class="nowrap">138****5678</span>',
    );
    expect(String(cellText('100%（1/1）'))).toBe('<span class="nowrap">100%（1/1）</span>');
    expect(String(cellText('—（0/0）'))).toBe('<span class="nowrap">—（0/0）</span>');
    expect(String(cellText('南京市<b>'))).toBe('南京市&lt;b&gt;');
  });
});

describe('报到登记表', () => {
  it('says a late report-in had a 正当理由 and who found it; 社区康复 cites RR art. 19 参照', async () => {
    const { core } = await loggedIn('2026-03-02T09:00:00+08:00');
    const { personId } = await call(core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1985-03-01', 11) } });
    const measure = await call(core, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '康复2号', decisionAuthority: '玄武分局', decisionDate: '2026-01-03', deliveryDate: '2026-01-05', termMonths: 24 },
    });
    await call(core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-01-25', goodReason: { reason: '住院治疗', decidedBy: '社区民警', decidedOn: '2026-01-25' } });
    const page = (await call(core, 'print:render', { document: 'reportIn', measureId: measure.id })).html;
    expect(page).toContain('<td class="label">报到情况</td><td>逾期报到（有正当理由，社区民警于2026年1月25日认定）</td>');
    expect(page).toContain('（参照《戒毒条例》第十九条）');
  });
});

describe('overflow (a unit name runs to 60 characters, a display name to 40)', () => {
  it('lets the seal line’s name and free-text name columns wrap; cells break rather than widen the page', async () => {
    const { core, personId, measureId } = await reportedInPerson();
    await call(core, 'contacts:create', { personId, contact: { date: '2026-01-21', kind: 'home_visit', staff: '专职工作人员阿卜杜热合曼·买买提明、社区民警张三丰', summary: '情况稳定' } });
    const page = (await call(core, 'print:render', { document: 'reportIn', measureId })).html;
    const css = page.slice(page.indexOf('<style'), page.indexOf('</style>'));
    const rule = (selector: string) => new RegExp(`\\n${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
    // One seal rule, never wider than the page and never kept to one line as a whole.
    expect(css.match(/\n\.seal \{/g)).toHaveLength(1);
    expect(rule('.seal')).toContain('max-width: 100%');
    expect(rule('.seal')).not.toMatch(/nowrap|max-content/);
    expect(rule('th, td')).toContain('overflow-wrap: anywhere');
    expect(rule('.groups')).not.toContain('nowrap');
    // Only （盖章） and the date's blanks keep together: the name itself may wrap.
    expect(page).toContain(`<div class="seal"><div>${SETUP.stationName}<span class="nowrap">（盖章）</span></div><div class="nowrap">`);

    // The 工作人员 column of the talks (names as typed) is not kept to one line; the date and kind still are.
    const caseFile = (await call(core, 'print:render', { document: 'caseFile', personId })).html;
    expect(caseFile).toMatch(/<tr><td class="nowrap"><span class="nowrap">2026-01-21<\/span><\/td><td class="nowrap">家访<\/td><td>专职工作人员/);

    // A fingerprint breaks in the middle, between its groups of digits, never inside one.
    const keys = (await call(core, 'print:render', { document: 'keySheet' })).html;
    expect(keys).toMatch(/<span class="groups"><span class="nowrap">(\d{5}\u3000){3}\d{5}<\/span>\u3000<span class="nowrap">(\d{5}\u3000){3}\d{5}<\/span><\/span>/);
  });
});
