import { createContext, useContext, type ReactNode } from 'react';

/**
 * Whether the person data on screen may be changed here. A supervisor's database holds what the
 * stations sent and the next bundle replaces (the core refuses every change to it): its screens
 * show no button that would try. Nested scopes can only narrow it.
 */
const WriteAccessContext = createContext(true);

export function WriteAccess({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  const outer = useContext(WriteAccessContext);
  return <WriteAccessContext.Provider value={outer && allowed}>{children}</WriteAccessContext.Provider>;
}

export function useCanWrite(): boolean {
  return useContext(WriteAccessContext);
}
