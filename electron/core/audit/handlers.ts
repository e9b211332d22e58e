import type { AuditChainStatus } from '../../../shared/domain/types';
import type { FeatureHandlers } from '../kernel/context';
import { join } from 'node:path';
import { listAudit, verifyAnchor, verifyAuditChain, type ChainCheck } from '../kernel/audit';
import { getStation } from '../kernel/settings';
import { outboxFolder } from '../kernel/xlsxWrite';
import { writeAuditWorkbook } from './export';

function chainStatus(check: ChainCheck): AuditChainStatus {
  return { ok: check.ok, events: check.events, brokenAt: check.brokenAt, problem: check.problem, head: check.head };
}

export const auditHandlers = {
  'audit:list': (input, ctx) => listAudit(ctx.db, input),

  'audit:chain': (_input, ctx) => chainStatus(verifyAuditChain(ctx.db)),

  'audit:export': async (input, ctx) => {
    const { locale, ...query } = input;
    const { folder, discard } = outboxFolder(ctx.outbox);
    try {
      const stamp = new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const made = await writeAuditWorkbook(ctx.db, folder, getStation(ctx.db).code, query, locale, { creator: ctx.user.displayName, created: ctx.now, stamp });
      ctx.audit({ action: 'audit.export', details: { ...query, fileName: made.fileName, rows: made.rows } });
      return { jobId: ctx.printJobs.addFile({ fileName: made.fileName, path: join(folder, made.fileName) }, ctx.now.getTime()), ...made };
    } catch (error) {
      discard();
      throw error;
    }
  },

  'audit:verifyAnchor': (input, ctx) => {
    const result = verifyAnchor(ctx.db, input);
    ctx.audit({ action: 'audit.verifyAnchor', details: { eventId: input.eventId, hash: input.hash, outcome: result.outcome } });
    return { outcome: result.outcome, chain: chainStatus(result.chain) };
  },
} satisfies FeatureHandlers;
