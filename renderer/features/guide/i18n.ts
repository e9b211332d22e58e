import type { Shape } from '../../i18n/shape';

/**
 * Screen words of 帮助 (the user guide's page). The guide's own text is not here: it lives in
 * shared/guide (one text for the page and the printed 操作手册).
 */
export const zhCN = {
  guideUi: {
    title: '操作手册',
    intro: '本手册供工作站社工、上级禁毒办和技术人员使用。在任何页面按 F1 都会打开本手册，并定位到与该页面有关的一节。',
    englishNote: '本手册目前只有中文版。',
    search: '搜索手册',
    searchPlaceholder: '输入关键词，如：恢复密钥、销假、备份',
    searchHint: '按标题和正文查找；多个词用空格分开，须同时出现。',
    clearSearch: '清除搜索',
    found: '找到 {{count}} 节',
    foundAll: '共 {{count}} 节',
    noMatch: '没有找到“{{query}}”。请换一个词，或清除搜索查看全部内容。',
    contents: '目录',
    print: '打印手册',
    help: '帮助',
    helpHint: '打开操作手册（F1）',
    close: '关闭',
    here: '当前页面的说明',
    note: '注意',
    step: '第 {{n}} 步',
  },
};

export type GuideMessages = Shape<typeof zhCN>;

export const en: GuideMessages = {
  guideUi: {
    title: 'User guide',
    intro: 'For station staff, county supervisors and IT staff. Press F1 on any screen to open the guide at the section about that screen.',
    // Shown only for a UI language that has no guide of its own (today every language has one).
    englishNote: 'This guide is not available in this language; the Chinese text is shown.',
    search: 'Search the guide',
    searchPlaceholder: 'A word, e.g. recovery key, leave, backup',
    searchHint: 'Searches titles and text; several words separated by spaces must all appear.',
    clearSearch: 'Clear search',
    found: '{{count}} sections found',
    found_one: '{{count}} section found',
    foundAll: '{{count}} sections',
    foundAll_one: '{{count}} section',
    noMatch: 'Nothing found for "{{query}}". Try another word, or clear the search to see everything.',
    contents: 'Contents',
    print: 'Print the guide',
    help: 'Help',
    helpHint: 'Open the user guide (F1)',
    close: 'Close',
    here: 'About this screen',
    note: 'Note',
    step: 'Step {{n}}',
  },
};
