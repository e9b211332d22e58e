/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const rendered = Array.isArray(value) ? value.map((v) => (v instanceof Html ? v.value : esc(v))).join('') : value instanceof Html ? value.value : esc(value);
    out += rendered + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Plain text with line breaks kept, each line a paragraph. */
export function paragraphs(text: string): Html {
  return new Html(
    text
      .split(/\n/)
      .map((line) => (line.trim() === '' ? '' : `<p>${esc(line)}</p>`))
      .join(''),
  );
}
