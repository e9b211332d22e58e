import { describe, expect, it } from 'vitest';
import { contrast, cssVariablesResolver, theme } from '../../renderer/theme';

/** Text colours set once for every screen read at WCAG AA on white (axe-core's color-contrast rule). */
describe('theme contrast', () => {
  it('shows a field’s error (message and value) in a red that reads on white, for every form', () => {
    const light = cssVariablesResolver(theme as never).light as Record<string, string>;
    expect(light['--mantine-color-error']).toBe('var(--mantine-color-red-8)');
    expect(contrast(theme.colors!.red![8] as string, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(light['--mantine-color-dimmed']).toBe('var(--mantine-color-gray-7)');
  });
});
