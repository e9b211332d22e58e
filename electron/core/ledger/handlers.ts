import { join } from 'node:path';
import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers, SessionContext } from '../kernel/context';
import { opsFromSession, type Ops } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { getStation } from '../kernel/settings';
import { refreshDueInSteps } from '../worklist/store';
import { writePersonLedger, writeWorklist } from './export';
import { allProblems, filesLookedAt, previewRows, runLedger, writeErrorReport, type LedgerSource } from './service';
import { inspectFile } from './source';
import { outboxFolder, safeFileName } from '../kernel/xlsxWrite';

/**
 * 人员台账 import and export (the 导入台账 screen, the person list's and the worklist's 导出 Excel).
 * Files come in as the shell's open dialog granted them (by id) and go out as file jobs under the
 * outbox for `shell:saveSpreadsheet`; every step runs as a long job with progress.
 */

/** Problems returned to the screen at most (the bad rows' file has all of them). */
const PROBLEM_LIMIT = 2_000;

function chosenFile(ctx: SessionContext, fileId: string) {
  const file = ctx.printJobs.granted(fileId, ctx.now.getTime());
  if (!file) throw new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' });
  return file;
}

/** The ops for a preview: the services' audit events are read for what they would change, not written. */
function quietOps(ops: Ops): Ops {
  return { ...ops, audit: () => {} };
}

function stamp(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  return `${china.slice(0, 10)}-${china.slice(11, 13)}${china.slice(14, 16)}`;
}

export const ledgerHandlers = {
  'ledger:inspect': (input, ctx) =>
    ctx.jobs.run('ledger:inspect', async (job) => {
      const file = chosenFile(ctx, input.fileId);
      const view = await inspectFile(ctx.db, { name: file.name, path: file.path, bytes: file.bytes }, (done, total) => {
        job.checkCancelled();
        job.report('reading', done, total);
      });
      ctx.audit({ action: 'ledger.inspect', details: { file: file.name, sha256: view.sha256, sheets: view.sheets.length } });
      return view;
    }),

  'ledger:preview': (input, ctx) =>
    ctx.jobs.run('ledger:preview', async (job) => {
      const file = chosenFile(ctx, input.fileId);
      const ops = opsFromSession(ctx);
      const source: LedgerSource = { path: file.path, fileName: file.name, sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping };
      const run = await runLedger(quietOps(ops), source, {
        dryRun: true,
        onProgress: (phase, done, total) => {
          job.checkCancelled();
          job.report(phase, done, total);
        },
      });
      let errorReport: { jobId: string; fileName: string } | null = null;
      if (run.counts.invalid > 0) {
        const { folder, discard } = outboxFolder(ctx.outbox);
        try {
          const made = await writeErrorReport(folder, run, source, input.locale, ctx.now);
          errorReport = { jobId: ctx.printJobs.addFile({ fileName: made.fileName, path: made.path }, ctx.now.getTime()), fileName: made.fileName };
        } catch (error) {
          discard();
          throw error;
        }
      }
      const problems = allProblems(run);
      const rows = previewRows(run);
      ctx.db.transaction(() => {
        ops.audit({
          action: 'ledger.preview',
          details: { file: file.name, sha256: run.sha256, sheet: input.sheet, headerRow: input.headerRow, counts: run.counts },
        });
        // A row matched to a file by its full ID number shows what the file holds (the values a
        // change would replace, the stored name): a look at that file.
        for (const seen of filesLookedAt(run, new Set(rows.map((r) => r.row)))) {
          ops.audit({ action: 'persons.findByIdNumber', entity: 'person', entityId: seen.personId, details: { via: 'ledger.preview', row: seen.row } });
        }
      })();
      return {
        sha256: run.sha256,
        sheet: input.sheet,
        headerRow: input.headerRow,
        counts: run.counts,
        problems: problems.slice(0, PROBLEM_LIMIT),
        problemsTotal: problems.length,
        rows,
        errorReport,
      };
    }),

  'ledger:import': (input, ctx) =>
    ctx.jobs.run('ledger:import', async (job) => {
      const file = chosenFile(ctx, input.fileId);
      const ops = opsFromSession(ctx);
      const source: LedgerSource = { path: file.path, fileName: file.name, sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping };
      const run = await runLedger(ops, source, {
        dryRun: false,
        skipInvalid: input.skipInvalid,
        expectSha256: input.sha256,
        onProgress: (phase, done, total) => {
          job.checkCancelled();
          job.report(phase === 'applying' ? 'importing' : phase, done, total);
        },
      });
      ops.audit({
        action: 'ledger.import',
        details: { file: file.name, sha256: run.sha256, sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping, counts: run.counts, skipInvalid: input.skipInvalid },
      });
      return { counts: run.counts, sheet: input.sheet, fileName: file.name };
    }),

  'ledger:export': (input, ctx) => {
    if (input.fullIdNumbers && ctx.user.role !== 'admin') {
      ctx.audit({ action: 'access.denied', details: { channel: 'ledger:export', fullIdNumbers: true } });
      throw new HavenError('FORBIDDEN', { messageKey: 'errors.LEDGER_FULL_ID_ADMIN' });
    }
    return ctx.jobs.run('ledger:export', async (job) => {
      const ops = opsFromSession(ctx);
      const { folder, discard } = outboxFolder(ctx.outbox);
      const fileName = safeFileName(`${getStation(ctx.db).code}-${input.locale === 'en' ? 'ledger' : '人员台账'}-${stamp(ctx.now)}.xlsx`);
      try {
        const rows = await writePersonLedger(ops, join(folder, fileName), {
          columns: input.columns,
          filter: input.filter,
          locale: input.locale,
          fullIdNumbers: input.fullIdNumbers !== null,
          onProgress: ({ done, total }) => {
            job.checkCancelled();
            job.report('exporting', done, total);
          },
        });
        ops.audit({
          action: 'ledger.export',
          details: { fileName, rows, columns: input.columns, filter: input.filter, fullIdNumbers: input.fullIdNumbers !== null, reason: input.fullIdNumbers?.reason ?? null },
        });
        return { jobId: ctx.printJobs.addFile({ fileName, path: join(folder, fileName) }, ctx.now.getTime()), fileName, rows };
      } catch (error) {
        discard();
        throw error;
      }
    });
  },

  'ledger:exportWorklist': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    // The worklist as the screen shows it today (evaluated first where due).
    await refreshDueInSteps(ctx.db, ops.today, getSupervisionSettings(ctx.db), ctx.jobs);
    return ctx.jobs.run('ledger:exportWorklist', async (job) => {
      const { folder, discard } = outboxFolder(ctx.outbox);
      const fileName = safeFileName(`${getStation(ctx.db).code}-${input.locale === 'en' ? 'worklist' : '待办'}-${stamp(ctx.now)}.xlsx`);
      try {
        const rows = await writeWorklist(ops, join(folder, fileName), {
          filter: input,
          supervisor: getStation(ctx.db).mode === 'supervisor',
          onProgress: ({ done, total }) => {
            job.checkCancelled();
            job.report('exporting', done, total);
          },
        });
        ops.audit({ action: 'ledger.exportWorklist', details: { fileName, rows, filter: input } });
        return { jobId: ctx.printJobs.addFile({ fileName, path: join(folder, fileName) }, ctx.now.getTime()), fileName, rows };
      } catch (error) {
        discard();
        throw error;
      }
    });
  },
} satisfies FeatureHandlers;
