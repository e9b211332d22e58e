import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { renderDocument } from './render';

export const printHandlers = {
  'print:render': (input, ctx) => {
    // The receipt and a person's access history come from the audit log, which only admins read.
    if ((input.document === 'auditReceipt' || input.document === 'accessHistory') && ctx.user.role !== 'admin') throw new HavenError('FORBIDDEN');
    const { title, html, fileName } = renderDocument(opsFromSession(ctx), input, ctx.fontsRoot);
    return { jobId: ctx.printJobs.add({ title, html, fileName }, ctx.now.getTime()), title, html, fileName };
  },
} satisfies FeatureHandlers;
