import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal, firstLogin } from './support/core';

describe('the audit log its readers can use', () => {
  it('names the person (ID masked) and the user, filters by person, user, action or group and China days, and prints a person\'s access history', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const idNumber = composeIdNumber('320102', '1988-05-17', 231);
    const { personId } = await call(ctx.core, 'persons:create', { person: { name: '张三', idNumber } });
    const other = await call(ctx.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1979-11-02', 452) } });
    await call(ctx.core, 'users:create', { username: 'li', displayName: '李社工', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    ctx.clock.advance(24 * 3600_000);
    await firstLogin(ctx.core, 'li', 'staff password 1');
    await call(ctx.core, 'persons:get', { personId });
    await call(ctx.core, 'measures:create', {
      personId,
      decision: { kind: 'community_detox', decisionNumber: '1号', decisionAuthority: '玄武分局', decisionDate: '2026-03-01', deliveryDate: '2026-03-01', termMonths: 36 },
    });
    await call(ctx.core, 'persons:get', { personId: other.personId });
    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });

    const aboutPerson = await call(ctx.core, 'audit:list', { personId, limit: 100 });
    expect(aboutPerson.map((e) => e.action)).toEqual(['measures.create', 'persons.view', 'persons.create']);
    expect(aboutPerson.every((e) => e.person?.id === personId && e.person.name === '张三')).toBe(true);
    expect(aboutPerson[0]!.person!.idMasked).not.toContain(idNumber.slice(6, 14));
    expect(aboutPerson[0]).toMatchObject({ actor: 'li', actorName: '李社工' });

    const li = (await call(ctx.core, 'users:list', {})).find((u) => u.username === 'li')!;
    const byLi = await call(ctx.core, 'audit:list', { userId: li.id, limit: 100 });
    expect(new Set(byLi.map((e) => e.actor))).toEqual(new Set(['li']));
    expect(byLi.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'persons.view', 'measures.create', 'auth.logout']));

    expect((await call(ctx.core, 'audit:list', { action: 'persons.view', limit: 100 })).map((e) => e.person?.name)).toEqual(['李四', '张三']);
    const persons = await call(ctx.core, 'audit:list', { action: 'persons', limit: 100 });
    expect(new Set(persons.map((e) => e.action.split('.')[0]))).toEqual(new Set(['persons']));
    // China days: the first day holds the setup and the files' creation, the second the staff member's work.
    const firstDay = await call(ctx.core, 'audit:list', { from: '2026-03-02', to: '2026-03-02', limit: 100 });
    expect(firstDay.map((e) => e.action)).toContain('persons.create');
    expect(firstDay.map((e) => e.action)).not.toContain('measures.create');
    expect((await call(ctx.core, 'audit:list', { from: '2026-03-03', to: '2026-03-03', limit: 100 })).map((e) => e.action)).toContain('measures.create');

    for (const bad of [{ from: '2026-03-04', to: '2026-03-03' }, { action: 'persons;drop' }, { from: '2026-02-30' }, { personId: -1 }]) {
      expect((await refusal(ctx.core, 'audit:list', { limit: 10, ...bad })).code).toBe('VALIDATION');
    }

    const printed = await call(ctx.core, 'print:render', { document: 'accessHistory', personId });
    expect(printed.title).toBe('档案访问记录（张三）');
    for (const words of ['查看档案', '登记决定书', '建立档案', '李社工（li）']) expect(printed.html).toContain(words);
    expect(printed.html).not.toContain(idNumber);
    expect(printed.html).not.toContain('李四');
    expect((await call(ctx.core, 'audit:list', { limit: 1 }))[0]).toMatchObject({ action: 'print.accessHistory', person: { id: personId } });

    // The same filters as a spreadsheet: only this person's events, names and masked ID, audited.
    const made = await call(ctx.core, 'audit:export', { personId });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(ctx.core.fileJob(made.jobId)!.path) as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []));
    expect(rows[0]).toEqual(['记录号', '时间（北京时间）', '用户', '操作', '人员']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['打印档案访问记录', '登记决定书', '查看档案', '建立档案']);
    expect(rows.slice(1).every((r) => String(r[4]).startsWith('张三（') && !String(r[4]).includes(idNumber))).toBe(true);
    expect(made.rows).toBe(4);
    expect((await call(ctx.core, 'audit:list', { limit: 1 }))[0]).toMatchObject({ action: 'audit.export' });
    expect((await refusal(ctx.core, 'audit:export', { from: '2026-03-05', to: '2026-03-01' })).code).toBe('VALIDATION');

    await call(ctx.core, 'auth:logout', {});
    await call(ctx.core, 'auth:login', { username: 'li', password: 'staff password 1' });
    expect((await refusal(ctx.core, 'print:render', { document: 'accessHistory', personId })).code).toBe('FORBIDDEN');
    expect((await refusal(ctx.core, 'audit:export', {})).code).toBe('FORBIDDEN');
  });
});
