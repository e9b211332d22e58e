import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: T };

/**
 * Loads data for a view that is mounted; the result lives only in that view's state, so it
 * disappears with the view when the app locks (there is no cache to clear).
 */
export function useAsync<T>(load: () => Promise<T>): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [load, generation]);

  // From an error, 重试 shows the spinner again, so the click is seen to do something; data already
  // on screen stays there while it is read again (a list refreshed after a save does not flash).
  const reload = useCallback(() => {
    setState((current) => (current.status === 'error' ? { status: 'loading' } : current));
    setGeneration((n) => n + 1);
  }, []);
  return { ...state, reload };
}
