import { chinaDay } from '../../shared/domain/dates';
import type { HavenEvent, LockReason, SessionInfo } from '../../shared/domain/types';
import { contract, isCoreChannel, shellContract, type ChannelName } from '../../shared/ipc/contract';
import { HavenError, type IpcError, type IpcResult } from '../../shared/ipc/errors';
import { forgetChainKey, writeAudit, type AuditEntry } from './kernel/audit';
import { systemClock, type Clock } from './kernel/clock';
import { checkpointWal, openDatabase, type Db } from './kernel/db/database';
import { startQuickCheck, type QuickCheckHandle } from './kernel/db/quickCheck';
import { handlers } from './handlers';
import type { PublicContext, SessionContext, SessionUser } from './kernel/context';
import { validationError } from './kernel/validation';
import { PERSON_DATA_WRITES } from './kernel/readOnly';
import { FILE_READS, FINDING_ACTIONS, FileLooks } from './kernel/fileLooks';
import { refuseSetupOver, vaultExists, vaultPaths, type VaultKeys, type VaultOptions } from './kernel/vault';
import { PrintJobs } from './kernel/printJobs';
import { DraftStore } from './kernel/drafts';
import { mustChangePassword } from './kernel/passwordChange';
import { LoginThrottle } from './kernel/throttle';
import { backupDue, backupScheduleDue, makeBackup, makeBackupInThread, reportBackupTo, type MadeBackup } from './backups/service';
import { getSettings, getStation } from './kernel/settings';
import { findUserById } from './users/repo';
import { JobRunner } from './kernel/jobs';
import { basename, dirname, join } from 'node:path';
import { rmSync, statSync } from 'node:fs';
import type { ChosenFileView } from '../../shared/domain/bundles';


/** What a user whose password was given by an admin may call before setting their own. */
const ALLOWED_BEFORE_PASSWORD_CHANGE: ReadonlySet<string> = new Set(['auth:changePassword', 'auth:logout', 'auth:lock', 'auth:activity']);

export interface HavenCoreOptions {
  dataDir: string;
  clock?: Clock;
  nativeBinding?: string;
  /** Only tests lower the KDF cost. */
  vaultOptions?: Omit<VaultOptions, 'nativeBinding'>;
  /** The @fontsource folder for printed documents (default: node_modules/@fontsource). */
  fontsRoot?: string;
  /** Where unexpected errors are reported (default: console.error). */
  logError?: (error: unknown, channel: string) => void;
  /** The stop flag of long jobs, shared with the host when the core runs in a worker (kernel/jobs.ts). */
  cancelFlag?: Int32Array;
  /** The whole-file quick_check after each unlock, in its own thread (default on). */
  checkAtUnlock?: boolean;
}

/** The whole app behind the IPC boundary: the Electron main process and the e2e harness both drive this. */
export interface HavenCore {
  /** Validates channel, session, role and input; never throws. */
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  onEvent(listener: (event: HavenEvent) => void): () => void;
  /** Applies the idle auto-lock and starts the daily backup when its time has come; call periodically. Settles when that backup has ended. */
  tick(): Promise<void>;
  /**
   * Closes the database and drops the key (OS screen lock, idle, quit). During a long job the job
   * is asked to stop (or finishes, past the point where it may stop) and the lock follows it; no
   * request is answered in between.
   */
  lock(reason: LockReason): void;
  /** Asks the running long job to stop where it safely can. */
  cancelJob(): void;
  /**
   * The contract's access rule for a channel (core or shell), as `invoke` applies it: null when the
   * caller may go on, else the refusal. The shell's dispatcher (core/shell.ts) asks this first.
   */
  checkAccess(channel: ChannelName): IpcError | null;
  /** A document rendered by `print:render`, for the shell to print; null when unknown, expired or locked. */
  printJob(jobId: string): { title: string; html: string; fileName?: string } | null;
  /** A file made by the core (`bundles:export`), for the shell to save; null when unknown, expired or locked. */
  fileJob(jobId: string): { fileName: string; path: string } | null;
  /** A made file the shell saved that is not kept for a second save (a spreadsheet): its job and folder go now. */
  dropFileJob(jobId: string): void;
  /**
   * Files the user chose in the shell's open dialog: regular files are named by id for the page
   * (`bundles:import` takes the ids); nothing while locked.
   */
  grantFiles(paths: readonly string[]): ChosenFileView[];
  /** A folder the user chose in the shell's folder dialog (备份与恢复), named by id for `backups:setFolder`; null if not a folder or locked. */
  grantFolder(path: string): string | null;
  /** Closes the database and drops the key (quit); waits for a running job's end first. */
  close(): Promise<void>;
}

interface Session {
  db: Db;
  mode: 'station' | 'supervisor';
  masterKey: Buffer;
  keys: VaultKeys;
  user: SessionUser;
  idleLockMs: number;
  lastActivity: number;
  /** The whole-file check started at unlock (kernel/db/quickCheck.ts), stopped at lock. */
  quickCheck: QuickCheckHandle | null;
  quickCheckDone: boolean;
  /** Its findings when it found damage: every change is refused from then on. */
  damage: string[] | null;
  /** The session's accounted looks at files (kernel/fileLooks.ts). */
  looks: FileLooks;
}

/** How long after unlock the whole-file check starts (scheduleCheck): the first screens' work goes first. */
const CHECK_DELAY_MS = 3000;

export function createHavenCore(options: HavenCoreOptions): HavenCore {
  const clock = options.clock ?? systemClock;
  const paths = vaultPaths(options.dataDir);
  const vaultOptions: VaultOptions = { ...options.vaultOptions, nativeBinding: options.nativeBinding };
  const throttle = new LoginThrottle(join(options.dataDir, 'login-throttle.json'));
  const listeners = new Set<(event: HavenEvent) => void>();
  const status: PublicContext['status'] = { lockReason: null, lastUsername: null };
  const logError = options.logError ?? ((error: unknown, channel: string) => console.error(`[haven] ${channel}:`, error));
  let session: Session | null = null;
  /** A lock asked for while a long job ran: applied when it ends. */
  let pendingLock: LockReason | null = null;
  const printJobs = new PrintJobs();
  const drafts = new DraftStore();
  // Made bundles wait here to be saved; whatever a crash or a kill left behind goes now.
  const outbox = join(dirname(paths.databasePath), 'outbox');
  rmSync(outbox, { recursive: true, force: true });
  /**
   * At every end of a session: the made files with their jobs, and whatever else is in the outbox
   * (a folder an export that failed half-way left): none of it outlives the session's key.
   */
  const emptyOutbox = () => {
    printJobs.clear();
    rmSync(outbox, { recursive: true, force: true });
  };

  const emit = (event: HavenEvent) => {
    // A long job wrote (or read) much: its WAL goes into the main file now, not at some later commit.
    if (event.type === 'jobEnded' && session) {
      checkpointWal(session.db);
      if (recheckAfterJob) {
        recheckAfterJob = false;
        startCheck(session);
      }
    }
    // One listener's failure (a harness's, a closed port) never stops the others, nor the lock or
    // the job's end that emitted it.
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logError(error, `event:${event.type}`);
      }
    }
  };
  // A long job rewrites much of the file (a rekey rewrites all of it): the background quick_check
  // stops and is made again once the job has ended, so it never reads a page mid-change.
  let recheckAfterJob = false;
  const jobs = new JobRunner(emit, () => Date.now(), options.cancelFlag, () => {
    if (session?.quickCheck && !session.quickCheckDone) {
      session.quickCheck.stop();
      session.quickCheck = null;
      recheckAfterJob = true;
    }
  });

  function lockWhenIdle(reason: LockReason): void {
    if (jobs.running === null) {
      pendingLock = null;
      endSession(reason);
      return;
    }
    pendingLock ??= reason;
    jobs.requestStopForLock();
  }

  /**
   * The whole-file check a few seconds after unlock, once no long job runs. Its one PRAGMA cannot
   * be stopped midway (a thread in native code runs to its end), and on two cores it halved the
   * speed of the first worklist evaluation that the dashboard starts right after login (at 30,000
   * persons: the check reads 600 MB in ~5 s beside it); a job that starts first has it wait for its end.
   */
  function scheduleCheck(started: Session): void {
    if (options.checkAtUnlock === false) return;
    const timer = setTimeout(() => {
      if (session !== started) return;
      if (jobs.running !== null) recheckAfterJob = true;
      else startCheck(started);
    }, CHECK_DELAY_MS);
    timer.unref?.();
  }

  /** The whole-file check after unlock (kernel/db/quickCheck.ts), in its own thread. */
  function startCheck(started: Session): void {
    if (options.checkAtUnlock === false) return;
    started.quickCheck = startQuickCheck(paths.databasePath, started.masterKey, options.nativeBinding, (result) => {
      started.quickCheckDone = true;
      if (result.ok || session !== started) return;
      started.damage = result.problems;
      try {
        writeAudit(started.db, { userId: null, username: null }, clock.now(), { action: 'db.damageFound', details: { problems: result.problems } });
      } catch {
        // A write to a damaged file may fail too; the refusal below does not depend on it.
      }
      emit({ type: 'databaseDamaged', problems: result.problems });
    });
  }

  function sessionInfo(s: Session): SessionInfo {
    const user = findUserById(s.db, s.user.id);
    if (!user) throw new HavenError('FORBIDDEN');
    return { user, station: getStation(s.db), settings: getSettings(s.db), today: chinaDay(clock.now()), databaseDamage: s.damage, mustChangePassword: mustChangePassword(s.db, s.user.id) };
  }

  /** An automatic backup's record, made or failed (the chosen USB stick unplugged); a failure's record may itself fail to be written. */
  function auditAutomaticBackup(s: Session, when: 'exit' | 'scheduled', outcome: { made: MadeBackup } | { failed: unknown }): void {
    const actor = { userId: s.user.id, username: s.user.username };
    if ('made' in outcome) {
      const { file, bytes, removed } = outcome.made;
      writeAudit(s.db, actor, clock.now(), { action: 'backup.create', details: { file, bytes, removed, automatic: true, when } });
      return;
    }
    try {
      writeAudit(s.db, actor, clock.now(), {
        action: 'backup.failed',
        details: { automatic: true, when, reason: outcome.failed instanceof HavenError ? outcome.failed.messageKey : 'errors.INTERNAL' },
      });
    } catch {
      // the failure stands without its record
    }
  }

  /** The daily time's slot already tried (once per slot, even when it failed: no retry every tick). */
  let scheduledTried: string | null = null;

  /**
   * The backup at the daily time (设置 › 备份), as a job: its copy runs in a thread of its own, so
   * people go on working, the bar shows how far it is, and a lock waits for its end. A failure is
   * audited and changes nothing else; the dashboard keeps warning while no backup succeeds.
   */
  async function scheduledBackup(): Promise<void> {
    if (!session || session.damage || jobs.running !== null || pendingLock !== null) return;
    const slot = backupScheduleDue(session.db, clock.now());
    if (slot === null || slot === scheduledTried) return;
    scheduledTried = slot;
    const s = session;
    try {
      await jobs.run(
        'backups:scheduled',
        async (job) => {
          job.setCancellable(false);
          let made: MadeBackup;
          try {
            made = await makeBackupInThread(s.db, s.masterKey, paths.databasePath, clock.now(), { username: s.user.username, automatic: true }, {
              nativeBinding: options.nativeBinding,
              onProgress: reportBackupTo(job),
            });
          } catch (error) {
            auditAutomaticBackup(s, 'scheduled', { failed: error });
            // The job ends as failed: the window says so (nobody asked for this backup, so nobody waits for an answer).
            throw error;
          }
          // Made: the job ends as done even if its record cannot be written (never "not made").
          try {
            auditAutomaticBackup(s, 'scheduled', { made });
          } catch (error) {
            logError(error, 'backups:scheduled');
          }
        },
        { offerStop: false },
      );
    } catch {
      // audited as backup.failed and ended as a failed job; the dashboard warns while no backup succeeds
    } finally {
      if (pendingLock !== null && jobs.running === null) lockWhenIdle(pendingLock);
    }
  }

  function endSession(reason: LockReason): void {
    if (!session) return;
    const ending = session;
    session = null;
    ending.quickCheck?.stop();
    emptyOutbox();
    // The window locks now, not after the backup below (seconds at county scale): no request is
    // answered from here on, and the screen stops showing the files at once.
    status.lockReason = reason;
    status.lastUsername = ending.user.username;
    emit({ type: 'locked', reason });
    // At lock, logout and exit: the automatic backup when one is due (设置 › 备份). A failure is
    // audited and does not keep the key in memory.
    if (!ending.damage) {
      try {
        if (backupDue(ending.db, clock.now())) {
          let made: MadeBackup | null = null;
          try {
            made = makeBackup(ending.db, ending.masterKey, paths.databasePath, clock.now(), { username: ending.user.username, automatic: true });
          } catch (error) {
            auditAutomaticBackup(ending, 'exit', { failed: error });
          }
          if (made) auditAutomaticBackup(ending, 'exit', { made });
        }
      } catch {
        // recorded where it could be; the session ends all the same
      }
    }
    try {
      writeAudit(ending.db, { userId: ending.user.id, username: ending.user.username }, clock.now(), {
        action: reason === 'logout' ? 'auth.logout' : 'auth.lock',
        entity: 'user',
        entityId: ending.user.id,
        details: { reason },
      });
    } finally {
      try {
        checkpointWal(ending.db);
      } finally {
        // Drafts: sealed under the master key at a lock, dropped at logout (kernel/drafts.ts).
        if (reason === 'logout') drafts.clear();
        else drafts.seal(ending.masterKey);
        forgetChainKey(ending.db);
        ending.db.close();
        ending.masterKey.fill(0);
      }
    }
  }

  function publicContext(now: Date): PublicContext {
    return {
      now,
      paths,
      vaultOptions,
      throttle,
      status,
      // Anything of a vault here (even one file of two, or a restore's leftovers) shows the login,
      // which says what is wrong; setup only in an empty place (vault.ts vaultExists).
      isInitialized: () => vaultExists(paths),
      hasSession: () => session !== null,
      currentSessionInfo: () => (session ? sessionInfo(session) : null),
      startSession: (opened) => {
        const settings = getSettings(opened.db);
        const started: Session = {
          ...opened,
          mode: getStation(opened.db).mode,
          idleLockMs: settings.idleLockMinutes * 60_000,
          lastActivity: now.getTime(),
          quickCheck: null,
          quickCheckDone: false,
          damage: null,
          looks: new FileLooks(),
        };
        session = started;
        drafts.open(opened.user.id, opened.masterKey);
        scheduleCheck(started);
        status.lockReason = null;
        status.lastUsername = opened.user.username;
        return sessionInfo(session);
      },
    };
  }

  /**
   * `looked`, when given, collects the files this call's audit events were about, for invoke to
   * note once the handler has succeeded: an event rolled back with its transaction is no look.
   */
  function sessionContext(s: Session, now: Date, looked?: number[]): SessionContext {
    return {
      ...publicContext(now),
      db: s.db,
      user: s.user,
      keys: s.keys,
      masterKey: s.masterKey,
      audit: (entry: AuditEntry) => {
        writeAudit(s.db, { userId: s.user.id, username: s.user.username }, now, entry);
        // An event about a file that shows what is in it (its opening, a change, the full ID number) accounts for this look at it.
        if (entry.entity === 'person' && entry.entityId !== undefined && !FINDING_ACTIONS.has(entry.action)) {
          if (looked) looked.push(Number(entry.entityId));
          else s.looks.noted(Number(entry.entityId), now.getTime());
        }
      },
      endSession: lockWhenIdle,
      replaceDatabase: (swap) => {
        if (session !== s) throw new HavenError('LOCKED');
        s.quickCheck?.stop();
        s.quickCheck = null;
        checkpointWal(s.db);
        forgetChainKey(s.db);
        s.db.close();
        try {
          swap();
        } catch (error) {
          // The swap put the current files back: the same database, open again.
          try {
            s.db = openDatabase(paths.databasePath, s.masterKey, vaultOptions);
          } catch {
            session = null;
            s.masterKey.fill(0);
            status.lockReason = 'manual';
            status.lastUsername = s.user.username;
            emit({ type: 'locked', reason: 'manual' });
          }
          throw error;
        }
        session = null;
        emptyOutbox();
        drafts.clear();
        s.masterKey.fill(0);
        status.lockReason = 'restored';
        status.lastUsername = s.user.username;
        emit({ type: 'locked', reason: 'restored' });
      },
      refreshSettings: () => {
        s.idleLockMs = getSettings(s.db).idleLockMinutes * 60_000;
      },
      printJobs,
      jobs,
      outbox,
      fontsRoot: options.fontsRoot,
      drafts: {
        save: (key, text) => drafts.save(s.user.id, key, text),
        take: (key) => drafts.take(s.user.id, key),
      },
    };
  }

  /** Access rules from the contract, checked before the input is even parsed. */
  function authorize(name: ChannelName, now: Date): Session | null {
    const access = isCoreChannel(name) ? contract[name].access : shellContract[name].access;
    if (access === 'setup') {
      refuseSetupOver(paths);
      return null;
    }
    if (access === 'public') return null;
    if (!session || pendingLock !== null) throw new HavenError(vaultExists(paths) ? 'LOCKED' : 'NOT_INITIALIZED');
    // A password an admin gave: nothing but setting one's own (or leaving) until it is replaced.
    if (!ALLOWED_BEFORE_PASSWORD_CHANGE.has(name) && mustChangePassword(session.db, session.user.id)) {
      throw new HavenError('FORBIDDEN', { messageKey: 'errors.PASSWORD_CHANGE_REQUIRED' });
    }
    if (access === 'admin' && session.user.role !== 'admin') {
      writeAudit(session.db, { userId: session.user.id, username: session.user.username }, now, {
        action: 'access.denied',
        details: { channel: name },
      });
      throw new HavenError('FORBIDDEN');
    }
    if (session.damage && isCoreChannel(name) && contract[name].effect !== 'read' && contract[name].effect !== 'session') {
      throw new HavenError('DATABASE_DAMAGED', { messageKey: 'errors.DATABASE_DAMAGED_PAGE' });
    }
    if (session.mode === 'supervisor' && isCoreChannel(name) && PERSON_DATA_WRITES.has(name)) {
      throw new HavenError('FORBIDDEN', { messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    }
    session.lastActivity = now.getTime();
    return session;
  }

  /**
   * A read of a file that no accounted look covers (a worklist dialog reading the measure it acts
   * on, without the file opened): one `persons.viewPart` event, naming the channel. A file that is
   * not there (a read that found nothing) is no look.
   */
  function accountForLook(s: Session, now: Date, channel: string, personId: number): void {
    if (session !== s || !s.looks.isNew(personId, now.getTime())) return;
    if (!s.db.prepare('SELECT 1 FROM persons WHERE id = ?').get(personId)) return;
    sessionContext(s, now).audit({ action: 'persons.viewPart', entity: 'person', entityId: personId, details: { channel } });
  }

  async function invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    try {
      if (!isCoreChannel(channel)) throw new HavenError('UNKNOWN_CHANNEL');
      const now = clock.now();
      const active = authorize(channel, now);
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      const handler = handlers[channel] as (input: unknown, ctx: PublicContext | SessionContext) => unknown;
      const looked: number[] = [];
      const value = await handler(parsed.data, active ? sessionContext(active, now, looked) : publicContext(now));
      for (const personId of looked) active?.looks.noted(personId, now.getTime());
      if (active && FILE_READS.has(channel)) accountForLook(active, now, channel, (parsed.data as { personId: number }).personId);
      return { ok: true, value: value ?? null };
    } catch (error) {
      return { ok: false, error: toIpcError(error, channel) };
    } finally {
      if (pendingLock !== null && jobs.running === null) lockWhenIdle(pendingLock);
    }
  }

  function toIpcError(error: unknown, channel: string): IpcError {
    if (error instanceof HavenError) return error.toIpcError();
    logError(error, channel);
    return { code: 'INTERNAL', messageKey: 'errors.INTERNAL' };
  }

  return {
    invoke,
    checkAccess(channel) {
      try {
        authorize(channel, clock.now());
        return null;
      } catch (error) {
        return toIpcError(error, channel);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tick() {
      if (session && clock.now().getTime() - session.lastActivity >= session.idleLockMs) {
        lockWhenIdle('idle');
        return Promise.resolve();
      }
      return scheduledBackup();
    },
    lock(reason) {
      lockWhenIdle(reason);
    },
    cancelJob() {
      jobs.requestCancel();
    },
    printJob(jobId) {
      if (!session) return null;
      const job = printJobs.get(jobId, clock.now().getTime());
      return job ? { title: job.title, html: job.html, ...(job.fileName ? { fileName: job.fileName } : {}) } : null;
    },
    fileJob(jobId) {
      if (!session) return null;
      const job = printJobs.getFile(jobId, clock.now().getTime());
      return job ? { fileName: job.fileName, path: job.path } : null;
    },
    dropFileJob(jobId) {
      printJobs.dropFile(jobId);
    },
    grantFiles(chosen) {
      if (!session) return [];
      const now = clock.now().getTime();
      return chosen.flatMap((path) => {
        try {
          const stat = statSync(path);
          if (!stat.isFile()) return [];
          const name = basename(path);
          return [{ fileId: printJobs.grant({ name, path, bytes: stat.size }, now), name, bytes: stat.size }];
        } catch {
          return [];
        }
      });
    },
    grantFolder(path) {
      if (!session) return null;
      try {
        if (!statSync(path).isDirectory()) return null;
      } catch {
        return null;
      }
      return printJobs.grant({ name: basename(path) || path, path, bytes: 0 }, clock.now().getTime());
    },
    async close() {
      // A job whose work runs in a thread of its own (a backup's copy) or between awaits leaves
      // the core free to hear this: it is asked to stop where it safely can, and the database
      // closes after its end, never under it.
      if (jobs.running !== null) {
        jobs.requestStopForLock();
        await jobs.whenIdle();
      }
      endSession('logout');
      listeners.clear();
    },
  };
}
