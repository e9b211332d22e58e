import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUIDE_CHAPTERS, ROUTE_SECTION_IDS, findSection, guideFor, guideText, searchGuide, sectionForPath, shippedGuides } from '../../shared/guide';
import { call, loggedIn } from './support/core';

/** The `haven` commands, read from the CLI's own table (`const commands … = { … }` in electron/cli/index.ts). */
function cliCommands(): Set<string> {
  const source = readFileSync(new URL('../../electron/cli/index.ts', import.meta.url), 'utf8');
  const table = /const commands: Record<string, Command> = \{([\s\S]*?)\n\};/.exec(source)?.[1];
  if (!table) throw new Error('the CLI command table was not found in electron/cli/index.ts');
  const names = [...table.matchAll(/^\s*'?([a-z][a-z-]*)'?\s*:/gm)].map((m) => m[1]!);
  return new Set(names);
}

describe('the user guide (操作手册)', () => {
  it('has every chapter the issue names, in order, in every shipped language, with unique section ids', () => {
    expect(shippedGuides.length).toBeGreaterThan(0);
    for (const guide of shippedGuides) {
      expect(guide.chapters.map((c) => c.id)).toEqual([...GUIDE_CHAPTERS]);
      const ids = guide.chapters.flatMap((c) => [c.id, ...c.sections.map((s) => s.id)]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const chapter of guide.chapters) {
        expect(chapter.sections.length, chapter.id).toBeGreaterThan(0);
        for (const section of chapter.sections) expect(section.blocks.length, section.id).toBeGreaterThan(0);
      }
    }
    // The chapters by their Chinese titles: first setup, daily work, measures, agreements, leave, risk and help,
    // printing, bundles, ledger and figures, backups, lost password or recovery key, the command line.
    const titles = guideFor('zh-CN').chapters.map((c) => c.title).join('|');
    for (const words of ['首次设置', '日常工作', '措施', '协议', '请销假', '风险评估与帮扶', '打印', '数据包', '人员台账', '统计报表', '备份与恢复', '密码或恢复密钥丢失时', '命令行']) {
      expect(titles).toContain(words);
    }
    // The sections of 日常工作 and 首次设置 the issue lists.
    const text = guideText(guideFor('zh-CN'));
    for (const words of ['恢复密钥', '工作台', '待办', '个人档案', '检测', '谈话走访', '报到', '期满解除', '上级禁毒办', '导入台账', '统计报表', '用户管理', '重置密码']) {
      expect(text).toContain(words);
    }
  });

  it('ships English with the same sections as Chinese, in the same order', () => {
    const [reference, ...others] = shippedGuides;
    const shape = (g: typeof reference) => g!.chapters.map((c) => [c.id, c.sections.map((s) => [s.id, s.blocks.map((b) => b.kind)])]);
    for (const guide of others) expect(shape(guide), guide.locale).toEqual(shape(reference));
    expect(guideFor('en').locale).toBe('en');
    expect(guideFor('zh-CN').locale).toBe('zh-CN');
  });

  it('uses respectful words only (去标签化)', () => {
    for (const guide of shippedGuides) {
      const text = guideText(guide);
      for (const label of ['吸毒人员', '吸毒者', '瘾君子', '毒友', 'addict', 'junkie', 'drug user', 'abuser']) expect(text.toLowerCase()).not.toContain(label);
    }
  });

  it('names only commands the `haven` command line has', () => {
    const commands = cliCommands();
    // The table itself is read (a broken regex would pass everything).
    for (const known of ['backup', 'restore', 'check', 'recover-wal', 'raw-key', 'export', 'import']) expect(commands.has(known)).toBe(true);
    for (const guide of shippedGuides) {
      const named = [...guideText(guide).matchAll(/(?<![\w.\\/-])haven ([a-z][a-z-]*)/g)].map((m) => m[1]!);
      expect(named.length).toBeGreaterThan(5);
      expect(named.filter((name) => !commands.has(name))).toEqual([]);
    }
    // Each command an IT worker needs for backup, checks and recovery has its section.
    const text = guideText(guideFor('zh-CN'));
    for (const name of ['backup', 'check', 'recover-wal', 'restore', 'raw-key', 'export', 'import', 'verify', 'keys', 'ledger']) expect(text).toContain(`haven ${name}`);
  });

  it('search keeps the sections holding every word, case-folded; nothing typed keeps all', () => {
    const guide = guideFor('zh-CN');
    expect(searchGuide(guide, '')).toHaveLength(guide.chapters.length);
    const found = searchGuide(guide, '恢复密钥');
    const ids = found.flatMap((c) => c.sections.map((s) => s.id));
    expect(ids).toContain('setup-recovery-key');
    expect(ids).toContain('lost-admin-password');
    expect(ids).not.toContain('tests');
    // Two words: both must be in the section.
    expect(searchGuide(guide, '销假 逾期').flatMap((c) => c.sections.map((s) => s.id))).toContain('leave-return');
    expect(searchGuide(guide, 'RAW-KEY').flatMap((c) => c.sections.map((s) => s.id))).toContain('cli-raw-key');
    expect(searchGuide(guide, '这句话手册里没有')).toEqual([]);
    expect(searchGuide(guideFor('en'), 'RECOVERY key').flatMap((c) => c.sections.map((s) => s.id))).toContain('lost-admin-password');
  });

  it('opens at the section of the current screen', () => {
    for (const guide of shippedGuides) for (const id of ROUTE_SECTION_IDS) expect(findSection(guide, id), `${guide.locale} ${id}`).not.toBeNull();
    expect(sectionForPath('/')).toBe('dashboard');
    expect(sectionForPath('/worklist')).toBe('worklist');
    expect(sectionForPath('/persons/12/supervision/leaves')).toBe('leave-request');
    expect(sectionForPath('/persons/12/measures')).toBe('measures-register');
    expect(sectionForPath('/persons/12')).toBe('person-file');
    expect(sectionForPath('/transfer')).toBe('bundles-what');
    expect(sectionForPath('/settings/backups')).toBe('backups-app');
    expect(sectionForPath('/guide')).toBeNull();
  });

  it('prints as 操作手册 through the print service: cover, contents, every chapter; audited', async () => {
    const ctx = await loggedIn();
    const printed = await call(ctx.core, 'print:render', { document: 'guide' });
    expect(printed.title).toBe('港湾 Haven 操作手册');
    expect(printed.html).toContain('目　录');
    for (const chapter of guideFor('zh-CN').chapters) expect(printed.html).toContain(`、${chapter.title}</h2>`);
    expect(printed.html).toContain('<pre class="guide-code">');
    expect(printed.html).toContain('第 " counter(page) " 页 共 " counter(pages) " 页');
    expect(printed.html).not.toContain('&lt;li');
    // An option or a path never breaks at its hyphens on paper.
    expect(printed.html).toContain('<span class="nowrap">--full-id-numbers</span>');
    expect(printed.html).toContain('<span class="nowrap">E:\\haven-2026-11-30.db</span>');
    expect(printed.fileName).toMatch(/^港湾 Haven 操作手册_\d{4}-\d{2}-\d{2}$/);
    expect((await call(ctx.core, 'audit:list', { limit: 1 })).map((e) => e.action)).toEqual(['print.guide']);
  });
});
