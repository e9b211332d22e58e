import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { renderDocument } from './render';

export const printHandlers = {
  'print:render': (input, ctx) => {
    // The receipt belongs with the audit log, which only admins read.
    if (input.document === 'auditReceipt' && ctx.user.role !== 'admin') throw new HavenError('FORBIDDEN');
    const { title, html } = renderDocument(opsFromSession(ctx), input, ctx.fontsRoot);
    return { jobId: ctx.printJobs.add({ title, html }, ctx.now.getTime()), title, html };
  },
} satisfies FeatureHandlers;
