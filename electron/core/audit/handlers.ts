import type { AuditChainStatus } from '../../../shared/domain/types';
import type { FeatureHandlers } from '../kernel/context';
import { listAudit, verifyAnchor, verifyAuditChain, type ChainCheck } from '../kernel/audit';

function chainStatus(check: ChainCheck): AuditChainStatus {
  return { ok: check.ok, events: check.events, brokenAt: check.brokenAt, problem: check.problem, head: check.head };
}

export const auditHandlers = {
  'audit:list': (input, ctx) => listAudit(ctx.db, input),

  'audit:chain': (_input, ctx) => chainStatus(verifyAuditChain(ctx.db)),

  'audit:verifyAnchor': (input, ctx) => {
    const result = verifyAnchor(ctx.db, input);
    ctx.audit({ action: 'audit.verifyAnchor', details: { eventId: input.eventId, hash: input.hash, outcome: result.outcome } });
    return { outcome: result.outcome, chain: chainStatus(result.chain) };
  },
} satisfies FeatureHandlers;
