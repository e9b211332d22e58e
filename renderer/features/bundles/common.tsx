import { Code, Group } from '@mantine/core';
import type { TFunction } from 'i18next';
import { translateKey } from '../../lib/errors';

/** A fingerprint in its 8 groups of 5 digits, two rows of four, to compare by eye. */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  const groups = value.split(' ');
  return (
    <Code block data-testid={testId} style={{ fontSize: 16, letterSpacing: 1, wordSpacing: 8 }}>
      {groups.slice(0, 4).join(' ')}
      {'\n'}
      {groups.slice(4).join(' ')}
    </Code>
  );
}

export function Mono({ children, testId }: { children: string; testId?: string }) {
  return (
    <Group gap={0}>
      <Code data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {children}
      </Code>
    </Group>
  );
}

export const sumRows = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

const KINDS = ['full', 'stats', 'transfer'] as const;

/**
 * A refusal's or warning's words, with a bundle kind it names (`BUNDLE_WRONG_KIND`: the core passes
 * the kind's code) in the screen's words for that kind, as the rest of 导入导出 names kinds.
 */
export function bundleMessage(t: TFunction, key: string, params: Record<string, unknown>, fallbackKey?: string): string {
  const kind = params.kind;
  const known = KINDS.find((k) => k === kind);
  const named = known ? { ...params, kind: t(`bundlesUi.kind.${known}`) } : params;
  return translateKey(t, key, named, fallbackKey);
}
