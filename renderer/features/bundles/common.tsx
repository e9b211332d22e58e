import { Alert, Button, Code, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import type { AsyncState } from '../../lib/useAsync';

/** Loading and failure of a section's data; nothing once it is ready. */
export function LoadState<T>({ state, reload }: { state: AsyncState<T>; reload: () => void }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <Loader size="sm" aria-label={t('app.loading')} />;
  if (state.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('bundlesUi.loadFailed')}>
        <Text size="sm">{errorMessage(t, state.error)}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={reload}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return null;
}

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

/** Reads a picked file as base64 (without the `data:` prefix). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export const sumRows = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);
