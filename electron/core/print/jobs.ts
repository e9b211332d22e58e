import { randomUUID } from 'node:crypto';

/**
 * Rendered documents waiting to be printed or saved. The shell takes a job by id, so the page
 * can only print what the core rendered (and audited), never arbitrary HTML. Jobs expire and
 * are dropped when the session ends.
 */
const TTL_MS = 15 * 60_000;

export interface PrintJob {
  title: string;
  html: string;
  createdAt: number;
}

export class PrintJobs {
  private readonly jobs = new Map<string, PrintJob>();

  add(job: Omit<PrintJob, 'createdAt'>, now: number): string {
    this.prune(now);
    const id = randomUUID();
    this.jobs.set(id, { ...job, createdAt: now });
    return id;
  }

  get(id: string, now: number): PrintJob | null {
    this.prune(now);
    return this.jobs.get(id) ?? null;
  }

  clear(): void {
    this.jobs.clear();
  }

  private prune(now: number): void {
    for (const [id, job] of this.jobs) if (now - job.createdAt > TTL_MS) this.jobs.delete(id);
  }
}
