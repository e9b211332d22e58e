import type { IsoDate } from '../../shared/domain/dates';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { AppStatus, LockReason, SessionInfo } from '../../shared/domain/types';
import { bridgeAvailable, haven, onLockedRefusal } from '../ipc';
import { forgetLocation, rememberLocation, takeReturnPath } from './lockMemory';
import { flushDrafts } from '../lib/drafts';
import { rememberCoreToday } from '../lib/today';

/** What the whole window shows; only `unlocked` ever mounts a data view. */
export type Phase =
  | { kind: 'booting' }
  | { kind: 'bootError'; error: unknown; bridgeMissing: boolean }
  | { kind: 'setup' }
  | { kind: 'locked'; lockReason: LockReason | null; lastUsername: string | null; justSetUp: boolean }
  | { kind: 'unlocked'; session: SessionInfo };

interface SessionApi {
  phase: Phase;
  /** Re-reads `app:status` and shows what it says. */
  refresh(): Promise<void>;
  /** After setup: the login screen, with the new admin's name filled in. */
  finishSetup(adminUsername: string): Promise<void>;
  /** After login or recovery: the shell, back where this user was when it locked. */
  signedIn(session: SessionInfo): void;
  lockNow(): Promise<void>;
  logout(): Promise<void>;
  /** Keeps the header and guards current after the user changes settings or their own name. */
  updateSession(update: (session: SessionInfo) => SessionInfo): void;
}

const SessionContext = createContext<SessionApi | null>(null);

function phaseFromStatus(status: AppStatus, justSetUp = false): Phase {
  if (status.state === 'uninitialized') return { kind: 'setup' };
  if (status.state === 'unlocked' && status.session) return { kind: 'unlocked', session: status.session };
  return { kind: 'locked', lockReason: status.lockReason, lastUsername: status.lastUsername, justSetUp };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [phase, setPhaseState] = useState<Phase>({ kind: 'booting' });
  // Forms start on the core's day (renderer/lib/today.ts).
  useEffect(() => {
    if (phase.kind === 'unlocked') rememberCoreToday(phase.session.today);
  }, [phase]);
  // The event listeners need the phase of this very moment, not of their closure.
  const phaseRef = useRef<Phase>(phase);
  const setPhase = useCallback((next: Phase) => {
    phaseRef.current = next;
    setPhaseState(next);
  }, []);
  const navigate = useNavigate();

  const refresh = useCallback(async () => {
    try {
      setPhase(phaseFromStatus(await haven.app.status()));
    } catch (error) {
      setPhase({ kind: 'bootError', error, bridgeMissing: !bridgeAvailable });
    }
  }, [setPhase]);

  /**
   * Drops the session at once: the shell and every data view unmount in this render, before
   * anything else is awaited. The status read afterwards only refines the words on the screen.
   */
  const enterLocked = useCallback(
    (reason: LockReason | null) => {
      const current = phaseRef.current;
      if (current.kind === 'unlocked') {
        if (reason === 'logout') forgetLocation();
        else rememberLocation(current.session.user.username, window.location.hash);
        setPhase({ kind: 'locked', lockReason: reason, lastUsername: current.session.user.username, justSetUp: false });
      } else if (current.kind === 'locked' && reason) {
        setPhase({ ...current, lockReason: reason });
      }
      if (reason === null) {
        // A refusal does not say why; ask the core.
        void haven.app.status().then(
          (status) => {
            const now = phaseRef.current;
            if (now.kind !== 'locked' || status.state === 'unlocked') return;
            if (status.state === 'uninitialized') setPhase({ kind: 'setup' });
            else
              setPhase({
                ...now,
                lockReason: status.lockReason ?? now.lockReason,
                lastUsername: status.lastUsername ?? now.lastUsername,
              });
          },
          () => undefined,
        );
      }
    },
    [setPhase],
  );

  useEffect(() => {
    haven.app.status().then(
      (status) => setPhase(phaseFromStatus(status)),
      (error: unknown) => setPhase({ kind: 'bootError', error, bridgeMissing: !bridgeAvailable }),
    );
    const offEvent = haven.onEvent((event) => {
      if (event.type === 'locked') enterLocked(event.reason);
    });
    const offRefusal = onLockedRefusal(() => enterLocked(null));
    return () => {
      offEvent();
      offRefusal();
    };
  }, [setPhase, enterLocked]);

  const api = useMemo<SessionApi>(
    () => ({
      phase,
      refresh,
      async finishSetup(adminUsername) {
        try {
          const status = await haven.app.status();
          const next = phaseFromStatus(status, true);
          setPhase(next.kind === 'locked' && !next.lastUsername ? { ...next, lastUsername: adminUsername } : next);
        } catch (error) {
          setPhase({ kind: 'bootError', error, bridgeMissing: false });
        }
      },
      signedIn(session) {
        navigate(takeReturnPath(session.user.username), { replace: true });
        setPhase({ kind: 'unlocked', session });
      },
      async lockNow() {
        // What was just typed in a dialog reaches the core's drafts before the key goes.
        await flushDrafts();
        enterLocked('manual');
        await haven.auth.lock().catch(() => undefined);
      },
      async logout() {
        enterLocked('logout');
        await haven.auth.logout().catch(() => undefined);
      },
      updateSession(update) {
        const current = phaseRef.current;
        if (current.kind === 'unlocked') setPhase({ kind: 'unlocked', session: update(current.session) });
      },
    }),
    [phase, setPhase, refresh, enterLocked, navigate],
  );

  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSessionApi outside SessionProvider');
  return api;
}

/** The logged-in session; only call inside the unlocked shell. */
export function useSession(): SessionInfo {
  const { phase } = useSessionApi();
  if (phase.kind !== 'unlocked') throw new Error('useSession while locked');
  return phase.session;
}

/** Today as the core counts it (China time, the core's clock), as of this session's start (see lib/today.ts for forms). */
export function useToday(): IsoDate {
  return useSession().today;
}
