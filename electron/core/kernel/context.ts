import type { LockReason, SessionInfo } from '../../../shared/domain/types';
import type { Access, Contract, CoreChannelName, ParsedInputOf, ResultOf } from '../../../shared/ipc/contract';
import type { Role } from '../../../shared/schemas/common';
import type { AuditEntry } from './audit';
import type { Db } from './db/database';
import type { VaultKeys, VaultOptions, VaultPaths } from './vault';
import type { LoginThrottle } from './throttle';
import type { PrintJobs } from './printJobs';
import type { JobRunner } from './jobs';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

/** Everything a handler may use; handlers never reach for globals or `new Date()`. */
export interface PublicContext {
  now: Date;
  paths: VaultPaths;
  vaultOptions: VaultOptions;
  throttle: LoginThrottle;
  /** Opens a session on an unlocked vault (login and recovery call this). */
  startSession(opened: { db: Db; masterKey: Buffer; keys: VaultKeys; user: SessionUser }): SessionInfo;
  status: { lockReason: LockReason | null; lastUsername: string | null };
  isInitialized(): boolean;
  hasSession(): boolean;
  currentSessionInfo(): SessionInfo | null;
}

export interface SessionContext extends PublicContext {
  db: Db;
  user: SessionUser;
  keys: VaultKeys;
  /** The open database's master key (a backup's copy is checked with it); never leaves the core. */
  masterKey: Buffer;
  /** Appends to the hash-chained audit log as the logged-in user. */
  audit(entry: AuditEntry): void;
  /** Closes the database and drops the key. */
  endSession(reason: LockReason): void;
  /**
   * 恢复: closes the open database, runs `swap` (which replaces its files), and ends the session
   * (reason `restored`). If `swap` throws, it has put the files back: the database is opened again
   * and the session goes on. Synchronous, inside a job: no request comes in between.
   */
  replaceDatabase(swap: () => void): void;
  /** Re-reads settings into the live session (idle timeout). */
  refreshSettings(): void;
  /** Rendered documents and made files (bundles) waiting for the shell to print or save them. */
  printJobs: PrintJobs;
  /** Long jobs: progress events and the stop flag (one at a time). */
  jobs: JobRunner;
  /** Where made bundles wait to be saved (emptied at start; a job's folder goes with the job). */
  outbox: string;
  /** Where the bundled fonts are (undefined: node_modules/@fontsource). */
  fontsRoot: string | undefined;
  /** Unsaved dialog text of the logged-in user, in memory only (kernel/drafts.ts). */
  drafts: { save(key: string, text: string): void; take(key: string): string | null };
}

type ContextFor<A extends Access> = A extends 'user' | 'admin' ? SessionContext : PublicContext;

export type HandlerFor<C extends CoreChannelName> = (
  input: ParsedInputOf<C>,
  ctx: ContextFor<Contract[C]['access']>,
) => ResultOf<C> | Promise<ResultOf<C>>;

export type HandlerMap = { [C in CoreChannelName]: HandlerFor<C> };
export type FeatureHandlers = Partial<HandlerMap>;
