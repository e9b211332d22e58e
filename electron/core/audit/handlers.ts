import type { FeatureHandlers } from '../ipc/context';
import { listAudit } from './audit';

export const auditHandlers = {
  'audit:list': (input, ctx) => listAudit(ctx.db, input.limit, input.beforeId),
} satisfies FeatureHandlers;
