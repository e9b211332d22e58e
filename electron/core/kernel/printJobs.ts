import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Things made by the core and waiting for the shell: rendered documents to print or save as
 * PDF, and files (export bundles, in a folder of their own under the outbox) to save. The shell
 * takes a job by id, so the page can only print or save what the core made (and audited), never
 * arbitrary HTML, bytes or paths. And the other way: files the user chose in the shell's open
 * dialog, which the page then names by id. Jobs expire and are dropped (their files removed)
 * when the session ends.
 */
const TTL_MS = 15 * 60_000;
/** A made bundle waits longer: exporting again would use up another sequence number. */
const FILE_TTL_MS = 60 * 60_000;

export interface PrintJob {
  title: string;
  html: string;
  /** The saved PDF's default name (without .pdf): the document, the person's name, the day. */
  fileName?: string;
  createdAt: number;
}

export interface FileJob {
  fileName: string;
  /** The made file, alone in its folder under the outbox. */
  path: string;
  createdAt: number;
  /**
   * What to record once the shell saved the file (a bundle's sending), under a key naming what it
   * holds (the recipient): a newer unsaved file for the same key replaces this one. Gone once recorded.
   */
  pending?: { key: string; data: unknown };
}

export interface GrantedFile {
  name: string;
  path: string;
  bytes: number;
  createdAt: number;
}

type Job = ({ kind: 'document' } & PrintJob) | ({ kind: 'file' } & FileJob) | ({ kind: 'granted' } & GrantedFile);

export class JobStore {
  private readonly jobs = new Map<string, Job>();

  /** A rendered document (print:render). */
  add(job: Omit<PrintJob, 'createdAt'>, now: number): string {
    return this.put({ kind: 'document', ...job, createdAt: now }, now);
  }

  /** A made file to save where the user chooses (bundles:export). */
  addFile(job: Omit<FileJob, 'createdAt'>, now: number): string {
    return this.put({ kind: 'file', ...job, createdAt: now }, now);
  }

  /** A file the user chose in the shell's open dialog (bundles:import names it by this id). */
  grant(file: Omit<GrantedFile, 'createdAt'>, now: number): string {
    return this.put({ kind: 'granted', ...file, createdAt: now }, now);
  }

  granted(id: string, now: number): GrantedFile | null {
    this.prune(now);
    const job = this.jobs.get(id);
    return job?.kind === 'granted' ? { name: job.name, path: job.path, bytes: job.bytes, createdAt: job.createdAt } : null;
  }

  get(id: string, now: number): PrintJob | null {
    this.prune(now);
    const job = this.jobs.get(id);
    return job?.kind === 'document' ? { title: job.title, html: job.html, ...(job.fileName ? { fileName: job.fileName } : {}), createdAt: job.createdAt } : null;
  }

  getFile(id: string, now: number): FileJob | null {
    this.prune(now);
    const job = this.jobs.get(id);
    return job?.kind === 'file' ? { fileName: job.fileName, path: job.path, createdAt: job.createdAt, ...(job.pending ? { pending: job.pending } : {}) } : null;
  }

  /** Drops the unsaved files still waiting under `key` (a new bundle for the same recipient takes its number). */
  dropPending(key: string): void {
    for (const [id, job] of this.jobs) if (job.kind === 'file' && job.pending?.key === key) this.drop(id);
  }

  /** The file was saved and its pending record written: it stays to be saved again, recording nothing more. */
  settle(id: string): void {
    const job = this.jobs.get(id);
    if (job?.kind === 'file') delete job.pending;
  }

  /**
   * A made file is saved where the user chose and is not to be saved again (a spreadsheet: it is
   * not encrypted, and the ledger's may hold full ID numbers): its job ends and its folder goes now,
   * not at the expiry or the lock. Bundles (encrypted, and worth a second copy) stay: see `settle`.
   */
  dropFile(id: string): void {
    if (this.jobs.get(id)?.kind === 'file') this.drop(id);
  }

  clear(): void {
    for (const id of [...this.jobs.keys()]) this.drop(id);
  }

  private put(job: Job, now: number): string {
    this.prune(now);
    const id = randomUUID();
    this.jobs.set(id, job);
    return id;
  }

  private prune(now: number): void {
    for (const [id, job] of this.jobs) if (now - job.createdAt > (job.kind === 'file' ? FILE_TTL_MS : TTL_MS)) this.drop(id);
  }

  private drop(id: string): void {
    const job = this.jobs.get(id);
    this.jobs.delete(id);
    if (job?.kind === 'file') rmSync(dirname(job.path), { recursive: true, force: true });
  }
}

/** The name the print feature knew it by. */
export { JobStore as PrintJobs };
