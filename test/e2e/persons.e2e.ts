import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { setUpAndLogIn } from './flows';
import { useHarness } from './support';

const harness = useHarness();

const ZHANG_SAN_ID = composeIdNumber('320102', '1988-05-17', 231);
/** The same number with a wrong check character. */
const BAD_ID = ZHANG_SAN_ID.slice(0, 17) + (ZHANG_SAN_ID.endsWith('1') ? '2' : '1');

/** A new station, logged in, with one file made through the core; returns its id. */
async function logInWithFile(h: Harness, person: { name: string; idNumber: string }): Promise<number> {
  await h.open();
  await setUpAndLogIn(h.page);
  return (await call<{ personId: number }>(h, 'persons:create', { person })).personId;
}

/** The error text Mantine shows under an input (inside the input's wrapper). */
function fieldError(input: Locator): Locator {
  return input.locator('xpath=ancestor::div[contains(@class, "mantine-InputWrapper-root")][1]').locator('.mantine-InputWrapper-error');
}

async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(date);
  await input.press('Tab');
}

/** Searches the list and waits for the core's answer (the box is debounced). */
async function searchList(page: Page, text: string, expected: string[]): Promise<void> {
  await page.getByTestId('persons-search').fill(text);
  await expect.poll(() => page.getByTestId('person-row').locator('td:first-child a').allInnerTexts()).toEqual(expected);
}

async function transition(page: Page, action: string, date: string, extra?: (page: Page) => Promise<void>): Promise<void> {
  await page.getByTestId(`measure-action-${action}`).click();
  await page.getByTestId('transition-form').waitFor();
  await fillDate(page, 'transition-date', date);
  if (extra) await extra(page);
  await page.getByTestId('transition-submit').click();
  await page.getByTestId('transition-form').waitFor({ state: 'detached' });
}

async function auditCount(h: Harness, action: string): Promise<number> {
  const events = await call<{ action: string }[]>(h, 'audit:list', { limit: 500 });
  return events.filter((event) => event.action === action).length;
}

describe('persons and measures', () => {
  it('a bad ID is refused next to the field; the fixed file is found by initials and ID fragment; a measure runs through report-in, suspension and resumption', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);

    await page.getByTestId('nav-persons').click();
    await page.getByTestId('persons-empty').waitFor();

    // A wrong check digit: the error stands next to the ID field and nothing is saved.
    await page.getByTestId('new-person').click();
    await page.getByTestId('person-name').fill('张三');
    await page.getByTestId('person-id-number').fill(BAD_ID);
    await page.getByTestId('person-submit').click();
    const idError = fieldError(page.getByTestId('person-id-number'));
    await idError.waitFor();
    expect(await idError.innerText()).toContain('校验位不正确');
    expect(await page.getByTestId('person-birth-date').inputValue()).toBe('');
    expect((await call<{ total: number }>(h, 'persons:list', {})).total).toBe(0);
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('persons-empty').waitFor();
    expect(await page.getByTestId('person-row').count()).toBe(0);

    // Fixed: birth date and gender appear as soon as the number is valid.
    await page.getByTestId('new-person').click();
    await page.getByTestId('person-name').fill('张三');
    await page.getByTestId('person-id-number').fill(ZHANG_SAN_ID);
    await expect.poll(() => page.getByTestId('person-birth-date').inputValue()).toBe('1988-05-17');
    expect(await page.getByTestId('person-gender').inputValue()).toBe('男');
    await page.getByTestId('person-phone').fill('13812345678');
    await page.getByTestId('person-submit').click();
    await page.getByTestId('person-file').waitFor();
    expect(await page.getByTestId('person-name-title').innerText()).toBe('张三');
    // Masked until deliberately shown.
    expect(await page.getByTestId('person-id-shown').innerText()).toBe(`3201${'*'.repeat(10)}${ZHANG_SAN_ID.slice(-4)}`);

    // Someone else, so that the searches below have something to leave out.
    await call(h, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('110101', '1990-03-08', 120), phone: '13900001111' } });

    await page.getByTestId('nav-persons').click();
    await page.getByTestId('persons-table').waitFor();
    await expect.poll(() => page.getByTestId('person-row').count()).toBe(2);
    await searchList(page, 'zs', ['张三']);
    await searchList(page, ZHANG_SAN_ID.slice(6, 14), ['张三']);
    await searchList(page, '1111', ['李四']);
    await searchList(page, 'zs', ['张三']);
    await page.getByTestId('person-row').first().click();
    await page.getByTestId('person-file').waitFor();

    // Register the decision: waiting for report-in, deadline 15 days after delivery.
    await page.getByTestId('file-tab-measures').click();
    await page.getByTestId('measures-empty').waitFor();
    await page.getByTestId('register-measure').click();
    await page.getByTestId('decision-number').fill('玄公（禁）决字〔2026〕第 12 号');
    await page.getByTestId('decision-authority').fill('南京市公安局玄武分局');
    await fillDate(page, 'decision-date', '2026-02-06');
    await fillDate(page, 'decision-delivery-date', '2026-02-10');
    await page.getByTestId('decision-submit').click();
    const card = page.getByTestId('measure-card');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('pending_report');
    expect(await page.getByTestId('measure-deadline').innerText()).toBe('2026-02-25');
    expect(await page.getByTestId('measure-action-resume').count()).toBe(0);

    // Report-in on 2026-02-20: three years from that day.
    await transition(page, 'report_in', '2026-02-20');
    await expect.poll(() => card.getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('measure-planned-end').innerText()).toBe('2029-02-19');
    expect(await page.getByTestId('measure-report-in').innerText()).toBe('2026-02-20');
    expect(await page.getByTestId('measure-action-report_in').count()).toBe(0);
    expect(await page.getByTestId('header-day-count').innerText()).toBe('第 11 天');

    // Suspension needs a reason: refused without, accepted with.
    await page.getByTestId('measure-action-suspend').click();
    await fillDate(page, 'transition-date', '2026-02-25');
    await page.getByTestId('transition-submit').click();
    await fieldError(page.getByTestId('transition-reason')).waitFor();
    await page.getByTestId('transition-reason-code').click();
    await page.getByRole('option', { name: '被拘留' }).click();
    await page.getByTestId('transition-reason').fill('因违法行为被行政拘留');
    await page.getByTestId('transition-submit').click();
    await page.getByTestId('transition-form').waitFor({ state: 'detached' });
    await expect.poll(() => card.getAttribute('data-status')).toBe('suspended');
    // Suspended since 2026-02-25, today 2026-03-02: five days so far.
    expect(await page.getByTestId('measure-planned-end').innerText()).toBe('2029-02-24');
    expect(await page.getByTestId('measure-suspended-days').innerText()).toBe('5 天');

    // Released: resumed on 2026-03-07 (recorded on 2026-03-10); ten days suspended in all.
    h.clock.set('2026-03-10T09:00:00+08:00');
    await transition(page, 'resume', '2026-03-07');
    await expect.poll(() => card.getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('measure-planned-end').innerText()).toBe('2029-03-01');
    expect(await page.getByTestId('measure-suspended-days').innerText()).toBe('10 天');
    expect(await page.getByTestId('measure-event').count()).toBe(4);

    // The working group of the measure: a row per member, saved at once.
    await page.getByTestId('file-tab-group').click();
    await page.getByTestId('group-add').click();
    await page.getByTestId('group-role-0').click();
    await page.getByRole('option', { name: '社区民警' }).click();
    await page.getByTestId('group-name-0').fill('周警官');
    await page.getByTestId('group-phone-0').fill('025-84001234');
    await page.getByTestId('group-save').click();
    await expect.poll(() => page.getByTestId('group-save').isDisabled()).toBe(true);
    const saved = await call<{ workingGroup: { role: string; name: string }[] }[]>(h, 'measures:list', { personId: Number(await page.getByTestId('person-file').getAttribute('data-person-id')) });
    expect(saved[0]?.workingGroup).toMatchObject([{ role: 'community_police', name: '周警官' }]);

    // The timeline tells the same story, newest first.
    await page.getByTestId('file-tab-timeline').click();
    await page.getByTestId('timeline').waitFor();
    const titles = await page.getByTestId('timeline-title').allInnerTexts();
    expect(titles).toEqual(['恢复执行', '建立档案', '措施中止', '报到，开始执行', '登记社区戒毒决定书（玄公（禁）决字〔2026〕第 12 号）']);

    // Working in the file did not count as opening it again: two openings, two audited views.
    expect(await auditCount(h, 'persons.view')).toBe(2);
  });

  it('a duplicate ID number points to the existing file; the ID is revealed on purpose and hidden again on leaving', async () => {
    const h = harness();
    const { page } = h;
    const personId = await logInWithFile(h, { name: '王五', idNumber: ZHANG_SAN_ID });

    await h.open('/persons/new');
    await page.getByTestId('person-name').fill('王五');
    await page.getByTestId('person-id-number').fill(ZHANG_SAN_ID.toLowerCase());
    // Warned while typing, before saving.
    await page.getByTestId('duplicate-warning').waitFor();
    await page.getByTestId('person-submit').click();
    await expect.poll(() => fieldError(page.getByTestId('person-id-number')).innerText()).toContain('已有档案（王五）');
    expect((await call<{ total: number }>(h, 'persons:list', {})).total).toBe(1);
    await page.getByTestId('duplicate-open').click();
    await page.getByTestId('person-file').waitFor();
    expect(page.url()).toContain(`#/persons/${personId}`);

    const shown = page.getByTestId('person-id-shown');
    expect(await shown.innerText()).toBe(`3201${'*'.repeat(10)}${ZHANG_SAN_ID.slice(-4)}`);
    expect(await auditCount(h, 'persons.revealId')).toBe(0);
    await page.getByTestId('reveal-id').click();
    await expect.poll(() => shown.innerText()).toBe(ZHANG_SAN_ID);
    expect(await auditCount(h, 'persons.revealId')).toBe(1);

    await page.getByTestId('nav-persons').click();
    await page.getByTestId('person-row').first().click();
    await page.getByTestId('person-file').waitFor();
    expect(await page.getByTestId('person-id-shown').innerText()).toBe(`3201${'*'.repeat(10)}${ZHANG_SAN_ID.slice(-4)}`);

    // Locking drops the file from the page at once, revealed number and all.
    await page.getByTestId('reveal-id').click();
    await expect.poll(() => page.getByTestId('person-id-shown').innerText()).toBe(ZHANG_SAN_ID);
    await page.getByTestId('lock-button').click();
    await page.getByTestId('login-form').waitFor();
    const html = await page.content();
    expect(html).not.toContain(ZHANG_SAN_ID);
    expect(html).not.toContain('王五');
  });

  it('archiving takes a file out of the list and back; an admin purges with the name and a reason', async () => {
    const h = harness();
    const { page } = h;
    const personId = await logInWithFile(h, { name: '赵六', idNumber: composeIdNumber('320102', '1979-11-02', 455) });

    await h.open(`/persons/${personId}`);
    await page.getByTestId('file-actions').click();
    await page.getByTestId('action-archive').click();
    await page.getByTestId('archive-submit').click();
    await fieldError(page.getByTestId('archive-reason')).waitFor();
    await page.getByTestId('archive-reason').fill('已迁居外省，档案移交');
    await page.getByTestId('archive-submit').click();
    await page.getByTestId('archived-banner').waitFor();
    expect(await page.getByTestId('edit-person').count()).toBe(0);
    // Viewing and printing only: the core refuses every change to an archived file, so no form is offered.
    await h.open(`/persons/${personId}/supervision/contacts`);
    await page.getByTestId('contacts-panel').waitFor();
    expect(await page.getByTestId('add-contact').count()).toBe(0);
    await h.open(`/persons/${personId}/care/help`);
    await page.getByTestId('help-panel').waitFor();
    expect(await page.getByTestId('add-plan').count()).toBe(0);
    await h.open(`/persons/${personId}/care/risk`);
    await page.getByTestId('risk-panel').waitFor();
    expect(await page.getByTestId('add-risk').count()).toBe(0);

    await page.getByTestId('nav-persons').click();
    await page.getByTestId('persons-empty').waitFor();
    await page.getByTestId('filter-archived').click();
    await expect.poll(() => page.getByTestId('person-row').count()).toBe(1);
    await page.getByTestId('person-row').first().click();

    await page.getByTestId('file-actions').click();
    await page.getByTestId('action-purge').click();
    const confirm = page.getByTestId('purge-submit');
    await page.getByTestId('purge-name').fill('赵');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('purge-name').fill('赵六');
    await page.getByTestId('purge-reason').fill('重复建档');
    await confirm.click();
    await page.getByTestId('persons-table').waitFor();
    expect((await call<{ total: number }>(h, 'persons:list', { archived: true })).total).toBe(0);
    expect(await auditCount(h, 'persons.purge')).toBe(1);
  });

  it('a photo shows in the header; a scan that is not an image or PDF is refused by the core; a PDF is viewed in the app', async () => {
    const h = harness();
    const { page } = h;
    const personId = await logInWithFile(h, { name: '孙七', idNumber: composeIdNumber('320102', '1985-07-21', 77) });

    // Real files made by the browser itself: a PNG screenshot and a printed PDF.
    const scratch = await h.context.newPage();
    await scratch.setContent('<body style="margin:0;background:#0ca678;font:40px sans-serif;color:white">孙七 照片</body>');
    const png = await scratch.screenshot({ clip: { x: 0, y: 0, width: 120, height: 160 } });
    await scratch.setContent('<h1>责令社区戒毒决定书</h1><p>第一页</p><div style="page-break-after:always"></div><p>第二页</p>');
    const pdf = await scratch.pdf({ format: 'A4' });
    await scratch.close();

    await h.open(`/persons/${personId}/attachments`);
    await page.getByTestId('attachments-empty').waitFor();
    expect(await page.getByTestId('person-photo').locator('img').count()).toBe(0);

    await page.getByTestId('upload-photo-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-form').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('person-photo').locator('img').getAttribute('src')).toMatch(/^blob:/);

    // Named .pdf, but the bytes say otherwise: the core's verdict is shown.
    await page.getByTestId('upload-document-input').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await page.getByTestId('upload-submit').click();
    await expect.poll(() => page.getByTestId('upload-form').getByTestId('form-error').innerText()).toContain('只能上传 JPEG、PNG 图片或 PDF 文件');
    await page.getByRole('button', { name: '取消' }).click();

    await page.getByTestId('upload-document-input').setInputFiles({ name: '决定书.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('upload-note').fill('责令社区戒毒决定书');
    await page.getByTestId('upload-submit').click();
    await expect.poll(() => page.getByTestId('attachment-row').count()).toBe(2);

    await page.locator('[data-testid="attachment-row"][data-kind="document"]').getByTestId('attachment-view').click();
    await page.locator('[data-testid="pdf-view"][data-status="ready"]').waitFor();
    expect(await page.getByTestId('pdf-page').count()).toBe(2);
    // Every look is audited: the scan once, the photo each time the header shows it.
    const views = await call<{ action: string; details: { kind?: string } | null }[]>(h, 'audit:list', { limit: 500 });
    const viewed = views.filter((e) => e.action === 'attachments.view');
    expect(viewed.filter((e) => e.details?.kind === 'document')).toHaveLength(1);
    expect(viewed.filter((e) => e.details?.kind === 'photo').length).toBeGreaterThanOrEqual(1);
  });
});

describe('the person list in English', () => {
  const english = useHarness({ locale: 'en', viewport: { width: 1366, height: 768 } });

  it('gives its longer words room: Female, Community rehab, Awaiting report-in, Not assessed are shown whole', async () => {
    const h = english();
    const { page } = h;
    const personId = await logInWithFile(h, { name: '李四', idNumber: composeIdNumber('320102', '1990-03-07', 242) });
    await call(h, 'measures:create', {
      personId,
      decision: { kind: 'community_rehab', decisionNumber: '宁公决字〔2026〕2号', decisionAuthority: '玄武分局', decisionDate: '2026-02-20', deliveryDate: '2026-02-25', termMonths: 36 },
    });
    await h.open('/persons');
    const row = page.getByTestId('person-row').first();
    await row.waitFor();
    const cells = await row.locator('td').evaluateAll((tds) =>
      tds.map((td) => {
        // A badge truncates inside itself; a plain cell truncates in the cell.
        const box = td.querySelector('.mantine-Badge-label') ?? td;
        return { text: (td as HTMLElement).innerText, cut: box.scrollWidth > box.clientWidth };
      }),
    );
    for (const word of ['Female', 'Community rehab', 'Not assessed']) expect(cells.find((c) => c.text.includes(word))).toMatchObject({ cut: false });
    expect(cells.find((c) => c.text.toUpperCase().includes('AWAITING'))).toMatchObject({ cut: false });
  });
});
