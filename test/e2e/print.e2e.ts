import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from '../unit/support/core';
import { launchBrowser } from './harness';

/**
 * Printing is tested the way it prints: the core's HTML through Chromium's own print pipeline
 * (page.pdf here, webContents.print/printToPDF in the app), then read back with poppler.
 */
let browser: Browser;
const out = mkdtempSync(join(tmpdir(), 'haven-print-'));

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function toPdf(html: string, name: string): Promise<{ text: string; fonts: string; pages: number; file: string }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const file = join(out, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.close();
  expect(requests, 'a printed document loads nothing from outside').toEqual([]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { text, fonts, pages, file };
}

/** Every font in the PDF is an embedded subset of the bundled Noto Serif SC; nothing substituted. */
function expectOnlyBundledFonts(fonts: string) {
  const rows = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row).toMatch(/NotoSerifSC/);
    expect(row).toMatch(/\byes\s+yes\b/); // emb, sub
  }
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** Pieces of an ISO date left once the whole dates are taken out: a date broken across lines ("2026-" / "11-25"). */
function brokenDates(text: string): string[] {
  const rest = text.replace(/\d{4}-\d{2}-\d{2}/g, ' ');
  return [...rest.matchAll(/\d{4}-\d{0,2}-?|(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])|(?<![A-Za-z\d-])-\d{2}(?![\d])/g)].map((m) => m[0]);
}

/** With HAVEN_PRINT_PNG set, leaves the pages as PNGs (60 dpi) in test-results/ to look at. */
function pngs(file: string, name: string) {
  if (!process.env.HAVEN_PRINT_PNG) return;
  execFileSync('mkdir', ['-p', 'test-results']);
  execFileSync('pdftoppm', ['-png', '-r', '60', file, `test-results/print-${name}`]);
}

async function demoPerson() {
  const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
  const idNumber = composeIdNumber('320102', '1988-05-17', 231);
  const { personId } = await call(ctx.core, 'persons:create', {
    person: {
      name: '张三',
      idNumber,
      phone: '13912345678',
      residenceAddress: '南京市玄武区某某路 18 号 2 幢 301 室',
      householdAddress: '南京市玄武区某某路 18 号',
      familyContacts: [{ name: '张母', relation: 'parent', phone: '13700000002' }],
      drugHistory: { substances: ['methamphetamine'], method: 'smoking', priorEpisodes: 1 },
    },
  });
  const measure = await call(ctx.core, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '宁公(玄)决字〔2025〕第 0088 号', decisionAuthority: '南京市公安局玄武分局', decisionDate: '2025-01-02', deliveryDate: '2025-01-03', termMonths: 36 },
  });
  await call(ctx.core, 'measures:setWorkingGroup', { measureId: measure.id, members: [{ role: 'full_time_staff', name: '赵社工' }, { role: 'community_police', name: '钱警官' }, { role: 'family_member', name: '张母' }] });
  await call(ctx.core, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2025-01-06' });
  // Fourteen months of monthly tests and talks: enough for a case file of several pages.
  for (let month = 1; month <= 14; month++) {
    const date = `${month <= 12 ? '2025' : '2026'}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
    await call(ctx.core, 'tests:create', { personId, test: { date, sample: 'urine', mode: 'on_site', result: 'negative', tester: '赵社工', place: '工作站' } });
    await call(ctx.core, 'contacts:create', { personId, contact: { date, kind: month % 2 ? 'face_to_face' : 'home_visit', summary: `第 ${month} 次帮教：情绪稳定，按时检测，家属配合；已在物流公司就业，收入稳定。`, nextStep: '继续跟进' } });
  }
  const leave = await call(ctx.core, 'leaves:create', { personId, leave: { reason: '探望生病的母亲', province: '安徽省', city: '合肥市', county: '蜀山区', startDate: '2026-02-01', endDate: '2026-02-05' } });
  await call(ctx.core, 'leaves:decide', { leaveId: leave.id, decision: 'approve', note: '同意' });
  await call(ctx.core, 'leaves:return', { leaveId: leave.id, returnedOn: '2026-02-05' });
  const agreement = await call(ctx.core, 'agreements:generate', { measureId: measure.id });
  await call(ctx.core, 'agreements:sign', { agreementId: agreement.id, signedOn: '2026-03-02' });
  return { ...ctx, personId, idNumber, measureId: measure.id, leaveId: leave.id, agreementId: agreement.id };
}

describe('printed documents', () => {
  it('case file: title, name, masked ID, page footer on every page, printed-by line, bundled fonts, audited', async () => {
    const { core, personId, idNumber } = await demoPerson();
    const job = await call(core, 'print:render', { document: 'caseFile', personId });
    const { text, fonts, pages, file } = await toPdf(job.html, 'case-file');
    expect(pages).toBeGreaterThanOrEqual(3);
    const flat = squash(text);
    expect(flat).toContain('个人档案');
    expect(flat).toContain('张三');
    expect(flat).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(flat).not.toContain(idNumber);
    for (let n = 1; n <= pages; n++) expect(flat).toContain(`第${n}页共${pages}页`);
    expect(flat.match(/打印人：王站长打印时间：2026-03-0209:00/g)?.length).toBe(pages);
    expectOnlyBundledFonts(fonts);
    expect((await call(core, 'audit:list', { limit: 5 })).map((e) => e.action)).toContain('print.caseFile');
    expect(core.printJob(job.jobId)?.html).toBe(job.html);
    core.lock('manual');
    expect(core.printJob(job.jobId)).toBeNull();
    void file;
  });

  it('case file: no date breaks across lines, short columns stay whole, dates in running text are 年月日, the PDF is named with the person and the day', async () => {
    const { core, personId } = await demoPerson();
    const job = await call(core, 'print:render', { document: 'caseFile', personId });
    expect(job.fileName).toBe('个人档案（张三）_2026-03-02');
    const { text, file } = await toPdf(job.html, 'case-file-dates');
    pngs(file, 'case-file');
    expect(brokenDates(text)).toEqual([]);
    // Every test date is there whole (14 tests, each also a talk on the same day).
    for (let month = 1; month <= 14; month++) {
      const date = `${month <= 12 ? '2025' : '2026'}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
      expect(text.split(date).length - 1, date).toBeGreaterThanOrEqual(2);
    }
    // Short words are never split: the tester's name stays on one line.
    expect(text).not.toMatch(/赵社\s*\n/);
  });

  it('agreement: the signed text with the articles and the full ID number', async () => {
    const { core, agreementId, idNumber } = await demoPerson();
    const { html } = await call(core, 'print:render', { document: 'agreement', agreementId });
    const { text, fonts } = await toPdf(html, 'agreement');
    const flat = squash(text);
    expect(flat).toContain('社区戒毒协议书');
    expect(flat).toContain('张三');
    expect(flat).toContain(idNumber);
    expect(flat).toContain('逃避或者拒绝接受检测三次以上');
    expect(flat).toContain('《戒毒条例》第十九条');
    expect(flat).toContain('第1页共');
    expect(flat).toMatch(/SHA-256：[0-9a-f]{64}/);
    expectOnlyBundledFonts(fonts);
  });

  it('agreement: signature lines whole (the date\'s 年月日 never left alone), the station\'s seal line, 年月日 in the text, named with the person and the day', async () => {
    const { core, agreementId } = await demoPerson();
    const job = await call(core, 'print:render', { document: 'agreement', agreementId });
    expect(job.fileName).toBe('社区戒毒协议书（张三）_2026-03-02');
    const { text, file } = await toPdf(job.html, 'agreement-lines');
    pngs(file, 'agreement');
    const lines = text.split('\n').map((l) => l.trim());
    // No line of a lone 日 (or 月日) left by a wrapped signature line; 年月日 alone only as the seal's date.
    expect(lines.filter((l) => /^(日|月\s*日)$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^年\s*月\s*日$/.test(l))).toHaveLength(1);
    for (const party of ['甲方（工作站）经办人（签名）：', '乙方（签名）：', '乙方家属（签名）：']) {
      const line = lines.find((l) => l.replace(/\s+/g, '').startsWith(party));
      expect(line, party).toBeDefined();
      expect(line!.replace(/\s+/g, '')).toContain('指印：');
    }
    expect(lines.filter((l) => /^日期：\s*年\s*月\s*日$/.test(l))).toHaveLength(3);
    expect(squash(text)).toMatch(/甲方：.+（盖章）/);
    expect(squash(text)).toContain('已于2026年3月2日签订');
    expect(brokenDates(text)).toEqual([]);
  });

  it('leave form, report-in registration and completion record', async () => {
    const { core, leaveId, measureId, idNumber, clock } = await demoPerson();
    const leave = await toPdf((await call(core, 'print:render', { document: 'leaveForm', leaveId })).html, 'leave');
    expect(squash(leave.text)).toContain('请假审批表');
    expect(squash(leave.text)).toContain('销假记录');
    expect(squash(leave.text)).toContain('探望生病的母亲');
    const reportIn = await toPdf((await call(core, 'print:render', { document: 'reportIn', measureId })).html, 'report-in');
    expect(squash(reportIn.text)).toContain('社区戒毒报到登记表');
    expect(squash(reportIn.text)).toContain(idNumber);
    expect(squash(reportIn.text)).toMatch(/（盖章）年月日/);
    expect((await core.invoke('print:render', { document: 'measureEnd', measureId })).ok).toBe(false);
    clock.set('2028-01-10T09:00:00+08:00');
    await call(core, 'measures:transition', { measureId, action: 'terminate', date: '2028-01-10', reasonCode: 'imprisoned', reason: '因犯罪被判处有期徒刑' });
    const end = await toPdf((await call(core, 'print:render', { document: 'measureEnd', measureId })).html, 'end');
    expect(squash(end.text)).toContain('社区戒毒终止记录');
    expect(squash(end.text)).toContain('被判处刑罚收监执行');
    expect(squash(end.text)).toMatch(/（盖章）年月日/);
    pngs(end.file, 'measure-end');
    expectOnlyBundledFonts(end.fonts);
  });
});

describe('key sheet', () => {
  it('shows the public signing key and the age recipient with the fingerprints to compare by eye', async () => {
    const ctx = await loggedIn('2026-03-02T09:00:00+08:00');
    const keys = await call(ctx.core, 'bundles:keys', {});
    const { text, fonts } = await toPdf((await call(ctx.core, 'print:render', { document: 'keySheet' })).html, 'key-sheet');
    const flat = squash(text);
    expect(flat).toContain('工作站密钥单');
    expect(flat).toContain(keys.fingerprintGroups.join(''));
    expect(flat).toContain(keys.recipientFingerprintGroups.join(''));
    expect(flat).toContain(keys.keyId);
    expectOnlyBundledFonts(fonts);
    expect((await call(ctx.core, 'audit:list', { limit: 3 })).map((e) => e.action)).toContain('print.keySheet');
  });
});
