import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Agreement } from '../../shared/domain/agreements';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';
import { setUpAndLogIn, firstLogIn } from './flows';
import { useHarness } from './support';

const harness = useHarness();

const squash = (text: string) => text.replace(/\s+/g, '');

/** A 1×1 PNG: a real image, as the core checks uploads by their bytes. */
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function call<T = unknown>(h: Harness, channel: string, input: unknown): Promise<T> {
  const result = await h.core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** 张三 with a community-detox measure, a working group, reported in on 2026-02-20 (the core's today is 2026-03-02). */
async function reportedIn(h: Harness): Promise<{ personId: number; measureId: number }> {
  const { personId } = await call<{ personId: number }>(h, 'persons:create', {
    person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), phone: '13912345678', residenceAddress: '南京市玄武区某某路 18 号 2 幢 301 室' },
  });
  const measure = await call<{ id: number }>(h, 'measures:create', {
    personId,
    decision: { kind: 'community_detox', decisionNumber: '宁公(玄)决字〔2026〕第 0123 号', decisionAuthority: '南京市公安局玄武分局', decisionDate: '2026-02-10', deliveryDate: '2026-02-12', termMonths: 36 },
  });
  await call(h, 'measures:setWorkingGroup', { measureId: measure.id, members: [{ role: 'full_time_staff', name: '赵社工' }, { role: 'community_police', name: '钱警官' }] });
  await call(h, 'measures:transition', { measureId: measure.id, action: 'report_in', date: '2026-02-20' });
  return { personId, measureId: measure.id };
}

const agreementsOf = (h: Harness, personId: number) => call<Agreement[]>(h, 'agreements:list', { personId });

async function auditActions(h: Harness): Promise<string[]> {
  return (await call<{ action: string }[]>(h, 'audit:list', { limit: 500 })).map((event) => event.action);
}

function card(page: Page) {
  return page.getByTestId('measure-agreement');
}

describe('agreements and printing', () => {
  it('draft → preview → PDF → signed with a fixed hash → a new template version leaves the signed text alone → void and draft again', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const { personId } = await reportedIn(h);

    await h.open(`/agreements/${personId}`);
    await page.getByTestId('agreements-panel').waitFor();
    expect(await page.getByTestId('person-name-title').innerText()).toBe('张三');
    expect(await card(page).getAttribute('data-status')).toBe('none');
    expect(await card(page).getByTestId('agreement-status').innerText()).toBe('未签订');
    expect(await page.getByTestId('generate-hint').innerText()).toContain('社区戒毒协议书 第 3 版');
    // The old deep link lands in the agreements section of the person's file.
    expect(page.url()).toContain(`#/persons/${personId}/agreements`);

    // 生成协议: a draft from template version 3 (the built-in one as the database's upgrades 0014 and 0018 left it).
    await page.getByTestId('agreement-generate').click();
    await page.locator('[data-testid=measure-agreement][data-status=draft]').waitFor();
    const [draft] = await agreementsOf(h, personId);
    expect(draft).toMatchObject({ status: 'draft', templateVersion: 3, title: '社区戒毒协议书' });
    expect(await card(page).getByTestId('agreement-status').innerText()).toBe('草稿（未签订）');

    // 预览并打印: the core's page in a sandboxed frame, then 另存为 PDF through the shell.
    await card(page).getByTestId('agreement-preview').click();
    await page.locator('[data-testid=print-preview][data-status=ready]').waitFor();
    expect(await page.getByTestId('print-preview-audited').innerText()).toContain('审计日志');
    const frame = page.getByTestId('print-preview-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const shown = await page.frameLocator('[data-testid=print-preview-frame]').locator('body').innerText();
    expect(shown).toContain('社区戒毒协议书');
    expect(shown).toContain('张三');
    expect(await auditActions(h)).toContain('print.agreement');

    await page.getByTestId('print-preview-save-pdf').click();
    await page.locator('[data-testid=print-preview-result][data-outcome=saved]').waitFor();
    expect(h.printed).toHaveLength(1);
    const [saved] = h.printed;
    expect(saved!.title).toBe('社区戒毒协议书');
    expect(await page.getByTestId('print-preview-result').innerText()).toContain(saved!.pdfPath!);
    const pdfText = squash(execFileSync('pdftotext', ['-layout', saved!.pdfPath!, '-'], { encoding: 'utf8' }));
    expect(pdfText).toContain('社区戒毒协议书');
    expect(pdfText).toContain('张三');
    expect(pdfText).toContain('第1页共');
    expect(pdfText).toContain(draft!.sha256);
    await page.keyboard.press('Escape');
    await page.getByTestId('print-preview').waitFor({ state: 'detached' });

    // 标记为已签订: the dialog says the text and its SHA-256 are fixed, and shows that hash.
    await card(page).getByTestId('agreement-sign').click();
    await page.getByTestId('sign-form').waitFor();
    expect(await page.getByTestId('sign-fixed-notice').innerText()).toContain('SHA-256');
    expect(await page.getByTestId('sign-sha256').innerText()).toBe(draft!.sha256);
    await page.getByTestId('sign-date').fill('2026-03-02');
    await page.getByTestId('sign-date').press('Tab');
    await page.getByTestId('sign-submit').click();
    await page.locator('[data-testid=measure-agreement][data-status=signed]').waitFor();
    const [signed] = await agreementsOf(h, personId);
    expect(signed).toMatchObject({ status: 'signed', signedOn: '2026-03-02', sha256: draft!.sha256, text: draft!.text });
    expect(await card(page).getByTestId('agreement-status').innerText()).toBe('已于 2026-03-02 签订');
    expect(await card(page).getByTestId('agreement-sha').getAttribute('data-sha256')).toBe(signed!.sha256);
    expect(await card(page).getByTestId('agreement-sha').innerText()).toBe(`${signed!.sha256.slice(0, 16)}…`);
    await card(page).getByTestId('agreement-view-text').click();
    expect(await page.getByTestId('agreement-text-sha256').innerText()).toBe(signed!.sha256);
    expect(await page.getByTestId('agreement-text').innerText()).toBe(signed!.text);
    await page.keyboard.press('Escape');
    await page.getByTestId('agreement-text-modal').waitFor({ state: 'detached' });

    // 上传签字扫描件: an attachment of the person, linked to the agreement.
    await card(page).getByTestId('agreement-scan-input').setInputFiles({ name: '协议签字页.png', mimeType: 'image/png', buffer: PNG_1x1 });
    await expect.poll(() => card(page).getByTestId('agreement-scan').innerText()).toContain('协议签字页.png');
    expect((await agreementsOf(h, personId))[0]!.scanAttachmentId).not.toBeNull();

    // 设置 › 协议模板: an unknown placeholder is refused with its name; a real edit becomes version 4.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-templates').click();
    const detox = page.getByTestId('template-kind-community_detox');
    await detox.getByTestId('template-form').waitFor();
    expect(await detox.getByTestId('template-current-version').getAttribute('data-version')).toBe('3');
    const body = detox.getByTestId('template-body');
    const original = await body.inputValue();
    await body.fill(`${original}\n{{person.nickname}}`);
    await detox.getByTestId('template-save').click();
    await expect(detox.getByTestId('template-body-error').innerText()).resolves.toContain('person.nickname');
    // Nothing was saved: 社区戒毒 is still at version 3 (the built-in 1 and its upgrades 2 and 3; 社区康复 has 3).
    const detoxVersions = (await call<{ kind: string; version: number }[]>(h, 'agreements:templates', {})).filter((t) => t.kind === 'community_detox');
    expect(detoxVersions.map((t) => t.version)).toEqual([3, 2, 1]);
    await detox.getByTestId('template-discard').click();
    await body.fill(original.replace('六、其他', '六、附则'));
    await detox.getByTestId('template-note').fill('改“其他”为“附则”');
    await detox.getByTestId('template-save').click();
    await detox.locator('[data-testid=template-current-version][data-version="4"]').waitFor();
    expect(await detox.getByTestId('template-version-row').count()).toBe(4);

    // The signed agreement keeps its version, text and hash.
    await h.open(`/agreements/${personId}`);
    await page.locator('[data-testid=measure-agreement][data-status=signed]').waitFor();
    expect(await page.getByTestId('agreement-row-version').allInnerTexts()).toEqual(['第 3 版']);
    await card(page).getByTestId('agreement-view-text').click();
    const textAfter = await page.getByTestId('agreement-text').innerText();
    expect(textAfter).toBe(signed!.text);
    expect(textAfter).toContain('六、其他');
    expect(textAfter).not.toContain('六、附则');
    expect(await page.getByTestId('agreement-text-sha256').innerText()).toBe(signed!.sha256);
    await page.keyboard.press('Escape');
    await page.getByTestId('agreement-text-modal').waitFor({ state: 'detached' });
    expect((await agreementsOf(h, personId))[0]).toMatchObject({ text: signed!.text, sha256: signed!.sha256, templateVersion: 3 });

    // 作废, then a new draft from version 4.
    await card(page).getByTestId('agreement-void').click();
    await page.getByTestId('void-reason').fill('变更执行地后重新签订');
    await page.getByTestId('void-submit').click();
    await page.locator('[data-testid=measure-agreement][data-status=voided]').waitFor();
    expect(await page.getByTestId('generate-hint').innerText()).toContain('第 4 版');
    await card(page).getByTestId('agreement-generate').click();
    await page.locator('[data-testid=measure-agreement][data-status=draft]').waitFor();
    expect(await page.getByTestId('agreement-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['draft', 'voided']);
    expect(await page.getByTestId('agreement-row-version').allInnerTexts()).toEqual(['第 4 版', '第 3 版']);

    const actions = await auditActions(h);
    for (const action of ['print.agreement', 'agreements.generate', 'agreements.sign', 'agreements.attachScan', 'agreements.saveTemplate', 'agreements.void']) {
      expect(actions).toContain(action);
    }
  });

  it('staff see no template settings; the print preview reports a failed print job and renders again', async () => {
    const h = harness();
    const { page } = h;
    await h.open();
    await setUpAndLogIn(page);
    const { personId } = await reportedIn(h);
    await call(h, 'users:create', { username: 'zhao', displayName: '赵社工', role: 'staff', password: 'staff password 1' });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await firstLogIn(page, 'zhao', 'staff password 1', 'my own password 1');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-account').waitFor();
    expect(await page.getByTestId('settings-tab-templates').count()).toBe(0);

    await h.open(`/agreements/${personId}`);
    await page.getByTestId('agreement-generate').click();
    await page.locator('[data-testid=measure-agreement][data-status=draft]').waitFor();
    await card(page).getByTestId('agreement-preview').click();
    await page.locator('[data-testid=print-preview][data-status=ready]').waitFor();

    // The job is dropped (as when the session locks or 15 minutes pass): the shell refuses it,
    // the preview says so and renders again on request.
    h.clock.advance(16 * 60_000);
    await page.getByTestId('print-preview-print').click();
    await expect(page.getByTestId('print-preview-error').innerText()).resolves.toContain('打印内容已过期');
    expect(h.printed).toHaveLength(0);
    await page.getByTestId('print-preview-retry').click();
    await page.locator('[data-testid=print-preview][data-status=ready]').waitFor();
    await page.getByTestId('print-preview-print').click();
    await page.locator('[data-testid=print-preview-result][data-outcome=printed]').waitFor();
    expect(h.printed.map((p) => p.title)).toEqual(['社区戒毒协议书']);
  });
});
