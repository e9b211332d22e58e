import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { refreshDueInSteps } from '../worklist/store';
import { renderDocument } from './render';

export const printHandlers = {
  'print:render': async (input, ctx) => {
    // The receipt and a person's access history come from the audit log, which only admins read.
    if ((input.document === 'auditReceipt' || input.document === 'accessHistory') && ctx.user.role !== 'admin') throw new HavenError('FORBIDDEN');
    // A printed report reads the worklist (three years clean, breaches not yet recorded) as the screen's does: up to today first.
    if (input.document === 'periodReport' || input.document === 'monthlyReport') await refreshDueInSteps(ctx.db, opsFromSession(ctx).today, getSupervisionSettings(ctx.db), ctx.jobs);
    const { title, html, fileName } = renderDocument(opsFromSession(ctx), input, ctx.fontsRoot);
    return { jobId: ctx.printJobs.add({ title, html, fileName }, ctx.now.getTime()), title, html, fileName };
  },
} satisfies FeatureHandlers;
