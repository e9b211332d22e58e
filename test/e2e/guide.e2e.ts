import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeProblems } from './axe';
import { ADMIN, confirmRecoveryKey, logIn, setUpAndLogIn, setUpStation } from './flows';
import type { Harness } from './harness';
import { useHarness } from './support';

/**
 * 帮助: F1 and the navbar open the guide at the section about the current screen; the search box
 * filters sections and marks the words; the guide prints through the print preview; axe finds no
 * critical or serious problem on it (both languages), nor on the guide dialog of the login screen.
 */
describe('the user guide (帮助)', () => {
  const harness = useHarness({ viewport: { width: 1366, height: 768 } });

  it('opens from F1 at the screen’s section, searches, highlights, and prints', async () => {
    const h = harness();
    const { page, printed } = h;
    await openSetup(h);
    await setUpAndLogIn(page);

    // The window's 帮助 › 操作手册 menu (the main process sends the event): the guide at 工作台.
    await page.evaluate(() => (window as unknown as { __havenEmit: (event: unknown) => void }).__havenEmit({ type: 'openGuide' }));
    await page.locator('[data-testid="guide-section"][data-current="true"][data-section="dashboard"]').waitFor();

    // F1 on the worklist: the guide at 待办.
    await page.getByTestId('nav-worklist').click();
    await page.keyboard.press('F1');
    await page.getByTestId('guide-page').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('#/guide?section=worklist');
    const current = page.locator('[data-testid="guide-section"][data-current="true"]');
    expect(await current.getAttribute('data-section')).toBe('worklist');
    // Its heading has the focus (a screen reader starts there).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('guide-worklist');

    // The navbar's 帮助 from 设置 › 备份 opens the backups chapter.
    await page.evaluate(() => (window.location.hash = '/settings/backups'));
    await page.getByTestId('backups-panel').waitFor();
    await page.getByTestId('nav-guide').click();
    await page.locator('[data-testid="guide-section"][data-current="true"][data-section="backups-app"]').waitFor();

    // Search: only the sections holding the word, the word marked.
    const all = await page.getByTestId('guide-section').count();
    await page.getByTestId('guide-search').fill('恢复密钥');
    await expect.poll(() => page.getByTestId('guide-section').count()).toBeLessThan(all);
    const ids = await page.getByTestId('guide-section').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(ids).toContain('setup-recovery-key');
    expect(ids).toContain('lost-admin-password');
    expect(ids).not.toContain('tests');
    expect(await page.locator('[data-testid="guide-content"] mark').first().innerText()).toBe('恢复密钥');
    expect(await page.getByTestId('guide-result-count').innerText()).toBe(`找到 ${ids.length} 节`);
    await page.getByTestId('guide-search').fill('这句话手册里没有');
    await page.getByTestId('guide-no-match').waitFor();
    // Escape clears the search: everything is back.
    await page.getByTestId('guide-search').press('Escape');
    await expect.poll(() => page.getByTestId('guide-section').count()).toBe(all);

    // The contents list moves the focus to a chapter's heading (keyboard: Tab to it, Enter).
    await page.getByTestId('guide-toc').getByRole('button', { name: '命令行（技术人员）' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('guide-command-line');

    // Printing: the preview of 操作手册, then 打印.
    await page.getByTestId('guide-print').click();
    await page.locator('[data-testid=print-preview][data-status=ready]').waitFor();
    await page.getByTestId('print-preview-print').click();
    await page.locator('[data-testid=print-preview-result][data-outcome=printed]').waitFor();
    expect(printed.map((p) => p.title)).toEqual(['港湾 Haven 操作手册']);
    // Chromium's PDF: the contents, every chapter, page numbers, the bundled serif font only.
    const file = printed[0]!.pdfPath!;
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const words of ['目', '录', '一、关于本手册', '首次设置', '密码或恢复密钥丢失时', 'haven restore', '第 1 页 共']) expect(text).toContain(words);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(12);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toContain('NotoSerifSC');
    if (process.env.HAVEN_SHOTS) copyFileSync(file, join(process.env.HAVEN_SHOTS, 'guide.pdf'));
  });

  it('is offered on the login screen, at the lost-password chapter', async () => {
    const h = harness();
    const { page } = h;
    await openSetup(h);
    await confirmRecoveryKey(page, await setUpStation(page));
    await page.getByTestId('login-form').waitFor();
    await page.keyboard.press('F1');
    await page.locator('[role="dialog"] [data-testid="guide-view"]').waitFor();
    await page.locator('[data-testid="guide-section"][data-current="true"][data-section="lost-staff-password"]').waitFor();
    expect(await axeProblems(page, 'login guide dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('guide-view').waitFor({ state: 'detached' });
    await logIn(page, ADMIN.username, ADMIN.password);
    await page.getByTestId('station-name').waitFor();
  });
});

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`the guide page's accessibility — ${locale}`, () => {
    const harness = useHarness({ locale, viewport: { width: 1366, height: 768 } });

    it('has no critical or serious axe violation, whole and searched', async () => {
      const h = harness();
      const { page } = h;
      await openSetup(h);
      await setUpAndLogIn(page);
      await page.getByTestId('nav-guide').click();
      await page.getByTestId('guide-page').waitFor();
      // The pointer off the navbar: a hovered NavLink's colours are the app's theme, checked elsewhere.
      await page.mouse.move(900, 700);
      // Each language has its own guide: no note that the text is in another language.
      expect(await page.getByTestId('guide-language-note').count()).toBe(0);
      if (locale === 'en') expect(await page.getByRole('heading', { level: 3, name: 'First setup' }).count()).toBe(1);
      const problems = await axeProblems(page, 'guide');
      if (process.env.HAVEN_SHOTS) await page.screenshot({ path: join(process.env.HAVEN_SHOTS, `guide-${locale}.png`) });
      await page.getByTestId('guide-search').fill(locale === 'en' ? 'backup' : '备份');
      await page.locator('[data-testid="guide-content"] mark').first().waitFor();
      problems.push(...(await axeProblems(page, 'guide searched')));
      expect(problems).toEqual([]);
    });
  });
}

async function openSetup(h: Harness): Promise<void> {
  await h.open();
  await h.page.getByTestId('setup-form').waitFor();
}
