import { guideFor, type GuideBlock } from '../../../../shared/guide';
import { esc, Html, html } from '../html';

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const numeral = (i: number) => CHINESE_NUMERALS[i] ?? String(i + 1);

/**
 * Text whose hyphenated words (`--full-id-numbers`, `recover-wal`, `haven-2026-11-30.db`) never
 * break at a hyphen: on paper an option split over two lines reads as two words.
 */
function unbroken(text: string): Html {
  return new Html(
    text
      .split(/([^\s，。；、：（）“”]*-[^\s，。；、：（）“”]*)/)
      .map((part, i) => (i % 2 === 1 ? `<span class="nowrap">${esc(part)}</span>` : esc(part)))
      .join(''),
  );
}

function block(b: GuideBlock): Html {
  switch (b.kind) {
    case 'p':
      return html`<p>${unbroken(b.text)}</p>`;
    case 'note':
      return html`<p class="plain guide-note">注意：${unbroken(b.text)}</p>`;
    case 'code':
      return html`<pre class="guide-code">${unbroken(b.text)}</pre>`;
    case 'steps':
      return html`<ol class="guide-list">${b.items.map((item) => html`<li>${unbroken(item)}</li>`)}</ol>`;
    case 'list':
      return html`<ul class="guide-list">${b.items.map((item) => html`<li>${unbroken(item)}</li>`)}</ul>`;
  }
}

/**
 * 操作手册: the in-app guide (shared/guide) as a printed book — a cover, a table of contents of its
 * chapters and sections, then each chapter on a new page. The text is the same the 帮助 page shows;
 * nothing personal is on it, but a printout is audited like every other.
 */
export function guideBody(station: { name: string }, locale: string): { title: string; body: Html } {
  const guide = guideFor(locale);
  const toc = guide.chapters.map(
    (chapter, i) => html`<li><span class="toc-chapter">${numeral(i)}、${chapter.title}</span>
      <ol class="toc-sections">${chapter.sections.map((s, j) => html`<li>${i + 1}.${j + 1}　${s.title}</li>`)}</ol></li>`,
  );
  const chapters = guide.chapters.map(
    (chapter, i) => html`<section class="guide-chapter">
      <h2 class="guide-chapter-title">${numeral(i)}、${chapter.title}</h2>
      ${chapter.sections.map(
        (s, j) => html`<h3 class="guide-section-title">${i + 1}.${j + 1}　${s.title}</h3>
        ${s.blocks.map(block)}`,
      )}
    </section>`,
  );
  const body = html`<div class="cover">
      <h1 class="title">${guide.title}</h1>
      <table><tbody>
        <tr><td class="label">适用单位</td><td>${station.name}</td></tr>
        <tr><td class="label">内容核对日期</td><td>${guide.checkedOn}</td></tr>
      </tbody></table>
      <p class="plain secret">本手册与程序“帮助”页面的内容相同；程序更新后请重新打印。</p>
    </div>
    <h2 class="guide-toc-title">目　录</h2>
    <ol class="guide-toc">${toc}</ol>
    ${chapters}`;
  return { title: guide.title, body };
}
