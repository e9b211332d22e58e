import { createContext, useCallback, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmLeaveModal } from './ConfirmLeaveModal';
import { useBlocker } from 'react-router-dom';

/** `popOnly`: only the browser's back and forward are asked about (see GuardedModal). */
type Source = { current: () => boolean; popOnly: boolean };
const Registry = createContext<Set<Source> | null>(null);
/** Asks before an act that drops every page and dialog (退出登录), if any holds typed input. */
const Ask = createContext<((go: () => void) => void) | null>(null);

/**
 * Leaving a page with typed input asks first (issue 14): a sidebar link, Ctrl+F / Ctrl+N, the
 * browser's back and forward, any `navigate()`. Forms say whether they hold unsaved input
 * (`useLeaveGuard`); one router blocker asks them all when the path or the query would change.
 * Locking is not a navigation: the shell unmounts and the drafts of long texts survive it
 * (lib/drafts.ts). Logging out is asked about the same way (`useConfirmDropInput`): it drops
 * every form and the core drops the drafts too, so nothing typed would come back.
 */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const [sources] = useState(() => new Set<Source>());
  const [pending, setPending] = useState<(() => void) | null>(null);
  // Every form counts here, dialogs too (`popOnly` only narrows which navigations they stop).
  const ask = useCallback(
    (go: () => void) => {
      if ([...sources].some((source) => source.current())) setPending(() => go);
      else go();
    },
    [sources],
  );
  const blocker = useBlocker(
    ({ currentLocation, nextLocation, historyAction }) =>
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search) &&
      [...sources].some((source) => (!source.popOnly || historyAction === 'POP') && source.current()),
  );
  return (
    <Registry.Provider value={sources}>
      <Ask.Provider value={ask}>
        {children}
        {blocker.state === 'blocked' && <ConfirmLeaveModal kind="leave" onStay={() => blocker.reset()} onGo={() => blocker.proceed()} />}
        {pending && (
          <ConfirmLeaveModal
            kind="logout"
            onStay={() => setPending(null)}
            onGo={() => {
              setPending(null);
              pending();
            }}
          />
        )}
      </Ask.Provider>
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

/**
 * `(go) => …`: runs `go` at once when no form holds unsaved input, otherwise after the user
 * confirms (退出登录). Outside the provider it just runs `go`.
 */
export function useConfirmDropInput(): (go: () => void) => void {
  const ask = useContext(Ask);
  return useCallback((go: () => void) => (ask ? ask(go) : go()), [ask]);
}
