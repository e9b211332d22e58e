import type { HavenEvent, JobPhase } from '../../../shared/domain/types';
import { HavenError } from '../../../shared/ipc/errors';

/**
 * A long job (export, import, the worklist's first evaluation) tells the screen how far it is and
 * stops when asked. The stop request is a flag in shared memory: the core may run in a worker that
 * is busy with this very job, so a message could not reach it until the job had ended.
 */
export interface JobControl {
  /** The phase and how far into it; sent at most every REPORT_MS (a change of phase at once). */
  report(phase: JobPhase, done: number, total: number): void;
  /** Whether stopping now is safe; a job marks the point after which it must finish. */
  setCancellable(cancellable: boolean): void;
  /** Throws CANCELLED if a stop was asked for while the job may still stop. */
  checkCancelled(): void;
  /** Lets queued requests (lock, a page's reads) in between steps of a job that allows it. */
  breathe(): Promise<void>;
}

const REPORT_MS = 100;

/** The stop flag's values: the user pressed 停止 (the host writes it), or the session is closing. */
const STOP_BY_USER = 1;
const STOP_FOR_LOCK = 2;

export class JobRunner {
  /** Index 0: a STOP_* value when a stop was asked for. Shared with the host when the core runs in a worker. */
  readonly cancelFlag: Int32Array;
  private active: string | null = null;

  constructor(
    private readonly emit: (event: HavenEvent) => void,
    private readonly nowMs: () => number = () => Date.now(),
    cancelFlag?: Int32Array,
    /** Called as a job starts (the core pauses its background file check, which must not read mid-rekey). */
    private readonly onStart: (name: string) => void = () => {},
  ) {
    this.cancelFlag = cancelFlag ?? new Int32Array(new SharedArrayBuffer(4));
  }

  get running(): string | null {
    return this.active;
  }

  private waiting: (() => void)[] = [];

  /** Settles once no job runs (at once when none does): quitting waits for a job's end before it closes the database. */
  whenIdle(): Promise<void> {
    if (this.active === null) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The user's stop (the host raises the same flag from outside). */
  requestCancel(): void {
    Atomics.store(this.cancelFlag, 0, STOP_BY_USER);
  }

  /** The session is closing (idle, OS lock, quit): any job stops where it safely can. */
  requestStopForLock(): void {
    Atomics.store(this.cancelFlag, 0, STOP_FOR_LOCK);
  }

  /**
   * Runs `work` as the job `name`, with progress events and an end event whatever the outcome.
   * `offerStop: false`: the screen shows no 停止 (the worklist's evaluation), only a lock stops it.
   */
  async run<T>(name: string, work: (job: JobControl) => T | Promise<T>, options: { offerStop?: boolean } = {}): Promise<T> {
    const offerStop = options.offerStop ?? true;
    if (this.active !== null) throw new HavenError('CONFLICT', { messageKey: 'errors.JOB_RUNNING' });
    this.active = name;
    this.onStart(name);
    Atomics.store(this.cancelFlag, 0, 0);
    let cancellable = true;
    let lastPhase: JobPhase | null = null;
    let lastAt = 0;
    const control: JobControl = {
      report: (phase, done, total) => {
        const at = this.nowMs();
        if (phase === lastPhase && done < total && at - lastAt < REPORT_MS) return;
        lastPhase = phase;
        lastAt = at;
        this.emit({ type: 'progress', progress: { job: name, phase, done, total, cancellable: cancellable && offerStop } });
      },
      setCancellable: (value) => {
        cancellable = value;
      },
      checkCancelled: () => {
        const flag = Atomics.load(this.cancelFlag, 0);
        if (cancellable && (flag === STOP_FOR_LOCK || (flag === STOP_BY_USER && offerStop))) throw new HavenError('CANCELLED');
      },
      breathe: () => new Promise((resolve) => setImmediate(resolve)),
    };
    let outcome: 'done' | 'cancelled' | 'failed' = 'failed';
    try {
      const value = await work(control);
      outcome = 'done';
      return value;
    } catch (error) {
      if (error instanceof HavenError && error.code === 'CANCELLED') outcome = 'cancelled';
      throw error;
    } finally {
      this.active = null;
      Atomics.store(this.cancelFlag, 0, 0);
      try {
        this.emit({ type: 'jobEnded', job: name, outcome });
      } finally {
        // Quitting waits on these: whatever the end's event did, they settle.
        for (const resolve of this.waiting.splice(0)) resolve();
      }
    }
  }
}
