import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { renderDocument } from './render';

export const printHandlers = {
  'print:render': (input, ctx) => {
    const { title, html } = renderDocument(opsFromSession(ctx), input, ctx.fontsRoot);
    return { jobId: ctx.printJobs.add({ title, html }, ctx.now.getTime()), title, html };
  },
} satisfies FeatureHandlers;
