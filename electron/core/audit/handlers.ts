import type { FeatureHandlers } from '../kernel/context';
import { listAudit } from '../kernel/audit';

export const auditHandlers = {
  'audit:list': (input, ctx) => listAudit(ctx.db, input.limit, input.beforeId),
} satisfies FeatureHandlers;
