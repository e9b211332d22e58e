import { Alert, Button, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AsyncState } from '../lib/useAsync';
import { errorMessage } from '../lib/errors';

/**
 * Loading spinner or the load error with a retry; nothing once the data is there. `title` names
 * what could not be read where the place alone does not say (a line in a header, a reminder).
 */
export function LoadState({ state, reload, title }: { state: AsyncState<unknown>; reload: () => void; title?: string }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (state.status === 'error') {
    return (
      <Alert color="red" variant="light" title={title ?? t('common.loadFailed')} data-testid="load-failed">
        <Text size="sm">{errorMessage(t, state.error)}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={reload}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return null;
}
