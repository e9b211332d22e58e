import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Printed documents carry their own fonts: the @fontsource subsets of Noto Serif SC / Noto Sans
 * SC that cover the characters actually used, embedded as data: URLs. The HTML is then complete
 * by itself — the same bytes go to the printer, to a saved PDF and to the tests — and nothing
 * depends on the fonts installed on the PC.
 */
export interface FontSpec {
  family: 'Noto Serif SC' | 'Noto Sans SC';
  weight: 400 | 700;
}

interface Face {
  family: string;
  weight: number;
  file: string;
  ranges: [number, number][];
}

const PACKAGES: Record<FontSpec['family'], string> = { 'Noto Serif SC': 'noto-serif-sc', 'Noto Sans SC': 'noto-sans-sc' };

/** node_modules/@fontsource in development and tests; the app passes its resources folder. */
export function defaultFontsRoot(): string {
  return resolve('node_modules/@fontsource');
}

const faceCache = new Map<string, Face[]>();

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from as string, 16);
    return [start, to ? parseInt(to, 16) : start];
  });
}

function facesOf(root: string, spec: FontSpec): Face[] {
  const key = `${root}|${spec.family}|${spec.weight}`;
  const cached = faceCache.get(key);
  if (cached) return cached;
  const dir = join(root, PACKAGES[spec.family]);
  const cssPath = join(dir, `${spec.weight}.css`);
  if (!existsSync(cssPath)) throw new Error(`font CSS not found: ${cssPath}`);
  const css = readFileSync(cssPath, 'utf8');
  const faces: Face[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] as string;
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    if (file && range) faces.push({ family: spec.family, weight: spec.weight, file: join(dir, file), ranges: parseRanges(range) });
  }
  faceCache.set(key, faces);
  return faces;
}

const fileCache = new Map<string, string>();

function dataUrl(file: string): string {
  let url = fileCache.get(file);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(file).toString('base64')}`;
    fileCache.set(file, url);
  }
  return url;
}

/** @font-face rules for exactly the subsets that `text` needs. */
export function embeddedFontFaces(text: string, specs: readonly FontSpec[], root = defaultFontsRoot()): string {
  const codepoints = new Set<number>();
  for (const ch of text) codepoints.add(ch.codePointAt(0) as number);
  const rules: string[] = [];
  for (const spec of specs) {
    for (const face of facesOf(root, spec)) {
      const needed = [...codepoints].some((cp) => face.ranges.some(([a, b]) => cp >= a && cp <= b));
      if (!needed) continue;
      const ranges = face.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
      rules.push(
        `@font-face{font-family:'${face.family}';font-style:normal;font-weight:${face.weight};src:url(${dataUrl(face.file)}) format('woff2');unicode-range:${ranges};}`,
      );
    }
  }
  return rules.join('\n');
}
