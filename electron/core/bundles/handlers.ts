import { chinaDay, daysBetween } from '../../../shared/domain/dates';
import type { BundleImportView, StationRegistryView } from '../../../shared/domain/bundles';
import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession, type Ops } from '../kernel/ops';
import { refuse } from './errors';
import { exportBundleToOutbox, listSent, type ExportProgress } from './export';
import type { JobPhase } from '../../../shared/domain/types';
import { importBundleFiles, listBundleLog, listStations, type ImportProgress } from './import';
import { keySheet, stationInfo } from '../kernel/identity/ownKeys';
import { listRecipients, parseRecipientText, registerRecipient } from './recipients';

/**
 * The 导入导出 screen's channels. Export streams the bundle into the outbox and leaves it as a file
 * job for the shell to save; import reads the files the user chose in the shell's open dialog.
 */

/** The registry with what the import log says about each station. */
function stationRegistry(ops: Ops): StationRegistryView[] {
  const lastKind = ops.db.prepare(`SELECT kind FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' ORDER BY id DESC LIMIT 1`).pluck();
  const accepted = ops.db.prepare(`SELECT COUNT(*) FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' AND at >= ?`).pluck();
  const gapWarnings = ops.db.prepare(`SELECT warnings FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' AND at >= ? ORDER BY id`).pluck();
  const persons = ops.db.prepare('SELECT COUNT(*) FROM persons WHERE origin_station = ?').pluck();
  return listStations(ops).map((s) => {
    // Numbering starts again when a station's key is replaced (confirmed anew): older gaps no longer count.
    const gaps = (gapWarnings.all(s.code, s.confirmedAt) as string[]).flatMap((w) =>
      (JSON.parse(w) as { code: string; params: { missing?: string } }[]).filter((x) => x.code === 'BUNDLE_GAP').map((x) => String(x.params.missing ?? '')),
    );
    return {
      code: s.code,
      name: s.name,
      fingerprint: s.fingerprint,
      confirmedAt: s.confirmedAt,
      confirmedBy: s.confirmedBy,
      lastSeq: s.lastSeq,
      lastImportedAt: s.lastImportedAt,
      lastKind: (lastKind.get(s.code) as StationRegistryView['lastKind'] | undefined) ?? null,
      ageDays: s.lastImportedAt ? daysBetween(chinaDay(new Date(s.lastImportedAt)), ops.today) : null,
      gaps,
      bundles: accepted.get(s.code, s.confirmedAt) as number,
      persons: persons.get(s.code) as number,
    };
  });
}

/** The string and number values of a log entry's details (a refusal's parameters). */
function scalars(details: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(details).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
}

const EXPORT_PHASES: Record<ExportProgress['phase'], JobPhase> = { read: 'reading', pack: 'packing', encrypt: 'encrypting', write: 'packing', done: 'packing' };
const IMPORT_PHASES: Record<ImportProgress['phase'], JobPhase> = {
  read: 'reading',
  verify: 'verifying',
  decrypt: 'decrypting',
  check: 'checking',
  apply: 'applying',
  done: 'applying',
};

/** A chosen file the core no longer knows (expired, or the session locked since). */
function refuseGone(): never {
  throw new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' });
}

export const bundlesHandlers = {
  'bundles:keys': (_input, ctx) => keySheet(opsFromSession(ctx)),

  'bundles:recipients': (_input, ctx) => listRecipients(ctx.db),

  'bundles:addRecipient': (input, ctx) => {
    const parsed = parseRecipientText(input.recipient) ?? refuse('BUNDLE_RECIPIENT_INVALID');
    return registerRecipient(opsFromSession(ctx), { name: input.name || (parsed.name ?? ''), recipient: parsed.recipient, fingerprint: input.confirmFingerprint });
  },

  'bundles:export': (input, ctx) =>
    ctx.jobs.run('bundles:export', async (job) => {
      const recipient = listRecipients(ctx.db).find((r) => r.id === input.recipientId);
      if (!recipient) throw new HavenError('NOT_FOUND');
      const made = await exportBundleToOutbox(opsFromSession(ctx), {
        kind: input.kind,
        recipient: recipient.recipient,
        personId: input.personId ?? null,
        onProgress: (p: ExportProgress) => {
          // Until the sending is recorded a stop leaves nothing behind; from then on it finishes.
          if (p.phase === 'write') job.setCancellable(false);
          job.checkCancelled();
          job.report(EXPORT_PHASES[p.phase], p.done, p.total);
        },
      }, ctx.outbox);
      const jobId = ctx.printJobs.addFile({ fileName: made.fileName, path: made.path }, ctx.now.getTime());
      return {
        jobId,
        fileName: made.fileName,
        sha256: made.sha256,
        bytes: made.bytes,
        kind: made.kind,
        seq: made.seq,
        recipientName: made.recipientName,
        rows: made.rows,
      };
    }),

  'bundles:sent': (_input, ctx) => listSent(ctx),

  'bundles:import': (input, ctx) =>
    ctx.jobs.run('bundles:import', async (job) => {
      const ops = opsFromSession(ctx);
      const now = ctx.now.getTime();
      const chosen = input.fileIds.map((id) => ctx.printJobs.granted(id, now) ?? refuseGone());
      let applied = false;
      const results: BundleImportView[] = await importBundleFiles(
        ops,
        chosen.map((f) => f.path),
        {
          confirmFingerprints: input.confirmFingerprints,
          onProgress: (p: ImportProgress) => {
            // A stop is honoured until the first file is written; after that the files finish.
            if (applied) job.setCancellable(false);
            job.checkCancelled();
            if (p.phase === 'done') applied = true;
            const inPhase = p.bytesTotal ? p.bytesDone ?? 0 : 0;
            job.report(IMPORT_PHASES[p.phase], p.index * 1000 + (p.bytesTotal ? Math.floor((inPhase / p.bytesTotal) * 1000) : 0), p.total * 1000);
          },
        },
      );
      return results;
    }),

  'bundles:stations': (_input, ctx) => {
    const ops = opsFromSession(ctx);
    if (stationInfo(ctx.db).mode !== 'supervisor') return [];
    return stationRegistry(ops);
  },

  'bundles:log': (_input, ctx) =>
    listBundleLog(ctx).map((e) => ({
      id: e.id,
      fileName: e.fileName,
      sha256: e.sha256,
      station: e.station,
      kind: e.kind,
      seq: e.seq,
      outcome: e.outcome,
      reason: e.reason,
      params: e.outcome === 'refused' ? scalars(e.details) : {},
      warnings: e.warnings,
      at: e.at,
      by: e.by,
    })),
} satisfies FeatureHandlers;
