import { createTheme, DEFAULT_THEME, Menu, TableScrollContainer, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** The typeface stack is defined once, in styles.css (`--haven-sans`), where English screens adjust it. */
const sans = 'var(--haven-sans)';

/**
 * Required fields: every input with `required` shows Mantine's red asterisk (hidden from screen
 * readers, which announce `required` instead), the same on every form and every kind of input.
 * Before, text, password, number, radio and date inputs hid it while selects and text areas
 * showed it, so the same form marked some required fields and not others (issue 14).
 */

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function darker(hex: string, step = 0.04): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const scale = (v: number) => Math.max(0, Math.round(v * (1 - step)));
  const rgb = [scale((n >> 16) & 255), scale((n >> 8) & 255), scale(n & 255)];
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function darkenUntil(hex: string, against: string, ratio: number): string {
  let out = hex;
  while (contrast(out, against) < ratio) out = darker(out);
  return out;
}

/** WCAG 2.1 AA for normal text, with a little margin for anti-aliasing. */
const AA = 4.6;
/** The darkest surface text sits on: gray 1 (a hovered or striped table row). */
const SURFACE = DEFAULT_THEME.colors.gray[1];

/**
 * Every palette made readable here, once, instead of per component (WCAG 2.1 AA, axe-core's
 * color-contrast rule): shades 7–8 carry white text on filled buttons and badges and are used as
 * text (`c="teal.8"`, links), so they reach 4.5:1 on gray 1 (a hovered row), hence on white too; shade 9 is the text of a light
 * variant on shade 1 (Mantine's `light` / `light-color`) and on shade 2 under the pointer (a hovered
 * active NavLink was #087a57 on #96f2d7, 4.06:1), so it reaches 4.5:1 on shade 2, hence on 1. Shades
 * stay ordered (each at least as dark as the one before). Teal 7 was #0ca678 (3.1:1 with white);
 * light teal badges were #087f5b on #c3fae8 (4.32:1).
 */
function readable(shades: MantineColorsTuple): MantineColorsTuple {
  const out = [...shades];
  out[7] = darkenUntil(out[7] as string, SURFACE, AA);
  out[8] = darkenUntil(out[8] as string, SURFACE, Math.max(AA, contrast(out[7], SURFACE)));
  out[9] = darkenUntil(darkenUntil(out[9] as string, out[2] as string, AA), '#ffffff', Math.max(AA, contrast(out[8], '#ffffff')));
  return out as unknown as MantineColorsTuple;
}

const colors = Object.fromEntries(Object.entries(DEFAULT_THEME.colors).map(([name, shades]) => [name, readable(shades)]));

/**
 * Dimmed text was gray 6 (#868e96, 3.3:1 on white): gray 7 reads at 7:1 and still looks secondary.
 * A field's error (its message under the field, the value's colour) was red 6 (#fa5252, 3.3:1 on
 * white): red 8, made readable above, for every form at once.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-8)' },
  dark: {},
});

/** Calm and plain: teal, generous spacing, the bundled Noto Sans SC first. */
export const theme = createTheme({
  colors,
  primaryColor: 'teal',
  primaryShade: 7,
  fontFamily: sans,
  fontFamilyMonospace: "ui-monospace, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  headings: { fontFamily: sans, fontWeight: '700' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    // Mantine puts a focus placeholder (role="presentation", tabindex) inside every menu, which a
    // role="menu" may not hold (axe: aria-required-children); without it, opening a menu by
    // keyboard focuses its first item, as menus usually do.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    // A table wider than the screen scrolls sideways: keyboard users must be able to reach and
    // scroll it (axe: scrollable-region-focusable), so its viewport takes focus.
    TableScrollContainer: TableScrollContainer.extend({ defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } }),
  },
});
