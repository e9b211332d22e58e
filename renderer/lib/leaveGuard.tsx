import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmLeaveModal } from './ConfirmLeaveModal';
import { useBlocker } from 'react-router-dom';

/** `popOnly`: only the browser's back and forward are asked about (see GuardedModal). */
type Source = { current: () => boolean; popOnly: boolean };
const Registry = createContext<Set<Source> | null>(null);

/**
 * Leaving a page with typed input asks first (issue 14): a sidebar link, Ctrl+F / Ctrl+N, the
 * browser's back and forward, any `navigate()`. Forms say whether they hold unsaved input
 * (`useLeaveGuard`); one router blocker asks them all when the path or the query would change.
 * Locking is not a navigation: the shell unmounts and the drafts of long texts survive it
 * (lib/drafts.ts).
 */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const [sources] = useState(() => new Set<Source>());
  const blocker = useBlocker(
    ({ currentLocation, nextLocation, historyAction }) =>
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search) &&
      [...sources].some((source) => (!source.popOnly || historyAction === 'POP') && source.current()),
  );
  return (
    <Registry.Provider value={sources}>
      {children}
      {blocker.state === 'blocked' && <ConfirmLeaveModal kind="leave" onStay={() => blocker.reset()} onGo={() => blocker.proceed()} />}
    </Registry.Provider>
  );
}

/**
 * Declares that this form holds unsaved input while `isDirty()` says so, read at the moment of a
 * navigation. `release()` (called once saved, before the form's own navigation) lets that go.
 */
export function useLeaveGuard(isDirty: () => boolean, { popOnly = false }: { popOnly?: boolean } = {}): { release: () => void } {
  const registry = useContext(Registry);
  const released = useRef(false);
  const sourceRef = useRef<Source>({ current: isDirty, popOnly });
  useLayoutEffect(() => {
    sourceRef.current.current = () => !released.current && isDirty();
  });
  useLayoutEffect(() => {
    const source = sourceRef.current;
    if (!registry) return undefined;
    registry.add(source);
    return () => {
      registry.delete(source);
    };
  }, [registry]);
  const [handle] = useState(() => ({
    release: () => {
      released.current = true;
    },
  }));
  return handle;
}
