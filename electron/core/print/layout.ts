import { embeddedFontFaces, type FontSpec } from './fonts';
import { esc, type Html } from './html';

/**
 * The page after GB/T 9704-2012: A4, margins 37/26/35/28 mm, title in bold serif 22 pt (二号),
 * body 16 pt (三号) for letters and agreements or 10.5–12 pt for forms, full-border tables whose
 * header repeats and whose rows never split, "第 X 页 共 Y 页" at the foot, and on every page, in
 * small type, who printed it and when.
 */
export interface PageOptions {
  title: string;
  /**
   * The page's <title>, which the OS print queue shows as the job's name (and logs, and a shared
   * printer shows to everyone who looks) and a saved PDF keeps as its title: no person's name.
   */
  jobTitle?: string;
  /** 'letter' for agreements and notices (16 pt body); 'form' for files and tables (11 pt). */
  style: 'letter' | 'form';
  printedBy: string;
  printedAt: string;
  fontsRoot?: string;
}

const FONTS: FontSpec[] = [
  { family: 'Noto Serif SC', weight: 400 },
  { family: 'Noto Serif SC', weight: 700 },
];

/**
 * Text as a CSS string inside the page's <style> element. The printed-by name is anyone's display
 * name (40 characters of anything): besides the string's own quote and backslash, `<` and `>`
 * (an HTML parser ends the element at `</style>` whatever the CSS says), `&`, `'` and control
 * characters (a newline ends a CSS string) become CSS hex escapes, `\3c ` and the like; the space
 * after each ends the escape and is not printed.
 */
function cssString(text: string): string {
  const unsafe = (ch: string) => ch < ' ' || ch === '\u007f' || `\\"'<>&`.includes(ch);
  return `"${[...text].map((ch) => (unsafe(ch) ? `\\${ch.charCodeAt(0).toString(16)} ` : ch)).join('')}"`;
}

export function renderPage(options: PageOptions, body: Html): string {
  const stamp = `打印人：${options.printedBy}　打印时间：${options.printedAt}`;
  const content = `${options.title}${stamp}${body.value}第页共0123456789`;
  const fontFaces = embeddedFontFaces(content, FONTS, options.fontsRoot);
  const size = options.style === 'letter' ? '16pt' : '11pt';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(options.jobTitle ?? options.title)}</title>
<style>
${fontFaces}
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @top-right { content: ${cssString(stamp)}; font-family: 'Noto Serif SC', serif; font-size: 8pt; color: #444; vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: 'Noto Serif SC', serif; font-size: 10.5pt; vertical-align: top; padding-top: 4mm; }
}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Noto Serif SC', serif; font-size: ${size}; line-height: 1.75; color: #000; }
/* A title too long for one line (月度工作报表 with its month) wraps in two even lines, not one word left alone on the second. */
h1.title { font-size: 22pt; font-weight: 700; text-align: center; margin: 0 0 8mm; letter-spacing: 0.1em; line-height: 1.4; text-wrap: balance; }
h2 { font-size: 14pt; font-weight: 700; margin: 6mm 0 2mm; break-after: avoid; }
/* A heading and its notes stay with the table they introduce (a station's figures). */
.keep-with-next { break-inside: avoid; break-after: avoid; }
p { margin: 0; text-indent: 2em; }
p.plain { text-indent: 0; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 10.5pt; line-height: 1.5; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
/* A cell may break a long run (an address, a file number) anywhere rather than widen its table past the page. */
th, td { border: 0.6pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
/* Headers are the form's own few words: a narrow column never stacks them a character a line. */
th { font-weight: 700; white-space: nowrap; }
td.label { width: 22%; font-weight: 700; white-space: nowrap; }
.cover { height: 200mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.cover h1 { font-size: 26pt; margin-bottom: 20mm; }
.cover table { width: 70%; margin: 0 auto; font-size: 14pt; }
.cover .secret { margin-top: 30mm; font-size: 12pt; }
.signatures { margin-top: 10mm; break-inside: avoid; }
.letter .signatures, .letter .seal { font-size: 14pt; }
.signature { margin-bottom: 6mm; break-inside: avoid; }
.signature .sign-date { text-align: right; margin-top: 2mm; }
.blank { display: inline-block; width: 18mm; border-bottom: 0.6pt solid #000; vertical-align: baseline; }
.blank.wide { width: 36mm; }
/*
 * The seal line (落款): as wide as its words, at the right, never wider than the page: a long unit
 * name wraps (Chromium would otherwise shrink the whole page to fit it and still cut （盖章）).
 */
.seal { box-sizing: border-box; margin: 10mm 0 0 auto; width: fit-content; min-width: 60mm; max-width: 100%; padding-right: 20mm; text-align: right; break-inside: avoid; line-height: 2.2; }
.note { font-size: 9pt; color: #333; }
.empty { color: #333; font-style: normal; }
/* No style attributes in documents (the page's policy allows only this nonce'd sheet). */
.groups { font-size: 14pt; letter-spacing: 0.05em; }
.large { font-size: 16pt; }
.long-code { word-break: break-all; }
.nowrap { white-space: nowrap; }
.figures td.section { width: 18%; font-weight: 700; vertical-align: middle; }
.figures .count { width: 14%; text-align: right; white-space: nowrap; }
/* 操作手册 (documents/guide.ts): a contents page, then each chapter from a new page. */
h2.guide-toc-title { text-align: center; font-size: 16pt; margin: 0 0 6mm; }
ol.guide-toc { list-style: none; padding: 0; margin: 0; break-after: page; column-count: 2; column-gap: 10mm; }
ol.guide-toc > li { margin: 0 0 2mm; break-inside: avoid; font-size: 10.5pt; }
.toc-chapter { font-weight: 700; }
ol.toc-sections { list-style: none; padding: 0 0 0 1.5em; margin: 0; font-size: 9.5pt; line-height: 1.55; }
section.guide-chapter { break-before: page; }
h2.guide-chapter-title { font-size: 16pt; margin: 0 0 4mm; }
h3.guide-section-title { font-size: 12pt; font-weight: 700; margin: 5mm 0 1.5mm; break-after: avoid; }
ol.guide-list, ul.guide-list { margin: 1mm 0 2mm; padding-left: 2.2em; }
ol.guide-list li, ul.guide-list li { margin: 0 0 1mm; break-inside: avoid; }
p.guide-note { border-left: 2pt solid #000; padding-left: 3mm; margin: 2mm 0; break-inside: avoid; }
pre.guide-code { box-sizing: border-box; width: 100%; font-family: 'Noto Serif SC', monospace; font-size: 8.5pt; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; border: 0.6pt solid #000; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }
</style>
</head>
<body class="${options.style}">
${body.value}
</body>
</html>`;
}
