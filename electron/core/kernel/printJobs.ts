import { randomUUID } from 'node:crypto';

/**
 * Things made by the core and waiting for the shell: rendered documents to print or save as
 * PDF, and files (export bundles) to save. The shell takes a job by id, so the page can only
 * print or save what the core made (and audited), never arbitrary HTML or bytes. Jobs expire
 * and are dropped when the session ends.
 */
const TTL_MS = 15 * 60_000;

export interface PrintJob {
  title: string;
  html: string;
  createdAt: number;
}

export interface FileJob {
  fileName: string;
  data: Buffer;
  createdAt: number;
}

type Job = ({ kind: 'document' } & PrintJob) | ({ kind: 'file' } & FileJob);

export class JobStore {
  private readonly jobs = new Map<string, Job>();

  /** A rendered document (print:render). */
  add(job: Omit<PrintJob, 'createdAt'>, now: number): string {
    return this.put({ kind: 'document', ...job, createdAt: now }, now);
  }

  /** File bytes to save where the user chooses (bundles:export). */
  addFile(job: Omit<FileJob, 'createdAt'>, now: number): string {
    return this.put({ kind: 'file', ...job, createdAt: now }, now);
  }

  get(id: string, now: number): PrintJob | null {
    this.prune(now);
    const job = this.jobs.get(id);
    return job?.kind === 'document' ? { title: job.title, html: job.html, createdAt: job.createdAt } : null;
  }

  getFile(id: string, now: number): FileJob | null {
    this.prune(now);
    const job = this.jobs.get(id);
    return job?.kind === 'file' ? { fileName: job.fileName, data: job.data, createdAt: job.createdAt } : null;
  }

  clear(): void {
    for (const job of this.jobs.values()) if (job.kind === 'file') job.data.fill(0);
    this.jobs.clear();
  }

  private put(job: Job, now: number): string {
    this.prune(now);
    const id = randomUUID();
    this.jobs.set(id, job);
    return id;
  }

  private prune(now: number): void {
    for (const [id, job] of this.jobs) if (now - job.createdAt > TTL_MS) this.jobs.delete(id);
  }
}

/** The name the print feature knew it by. */
export { JobStore as PrintJobs };
