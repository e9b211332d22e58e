import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { refreshDueInSteps } from '../worklist/store';
import { join } from 'node:path';
import { outboxFolder } from '../kernel/xlsxWrite';
import { writeReportWorkbook } from './export';
import { monthPeriod, periodReport } from './service';

export const reportsHandlers = {
  'reports:period': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    const { from, to } = 'month' in input ? monthPeriod(input.month) : input;
    // The consolidation rate reads three_years_clean from the worklist: bring it up to today first.
    await refreshDueInSteps(ctx.db, ops.today, getSupervisionSettings(ctx.db), ctx.jobs);
    return periodReport(ctx.db, from, to, ops.today);
  },

  'reports:export': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    const month = input.month ?? null;
    const { from, to } = month ? monthPeriod(month) : { from: input.from as string, to: input.to as string };
    await refreshDueInSteps(ctx.db, ops.today, getSupervisionSettings(ctx.db), ctx.jobs);
    const report = periodReport(ctx.db, from, to, ops.today);
    const { folder, discard } = outboxFolder(ctx.outbox);
    try {
      const fileName = await writeReportWorkbook(folder, report, month, input.locale, { creator: ops.actor.displayName ?? ops.actor.username ?? '', created: ctx.now });
      ops.audit({ action: 'reports.export', details: { from, to, month, fileName } });
      return { jobId: ctx.printJobs.addFile({ fileName, path: join(folder, fileName) }, ctx.now.getTime()), fileName };
    } catch (error) {
      discard();
      throw error;
    }
  },
} satisfies FeatureHandlers;
