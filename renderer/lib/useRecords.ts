import { useCallback, useEffect, useRef } from 'react';
import { useAsync } from './useAsync';

/**
 * A person's records of one kind, read while the panel is mounted; reloads when the host bumps
 * `version`. `fetch` must be stable (a module-level function).
 */
export function useRecords<T>(fetch: (personId: number) => Promise<T>, personId: number, version = 0) {
  const load = useCallback(() => fetch(personId), [fetch, personId]);
  const state = useAsync(load);
  const { reload } = state;
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
  return state;
}
