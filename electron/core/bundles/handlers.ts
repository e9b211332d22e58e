import type { BundleImportView, StationRegistryView } from '../../../shared/domain/bundles';
import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession, type Ops } from '../kernel/ops';
import { refuse } from './errors';
import { UNREPORTED_BREACH_RULES } from '../../../shared/rules/types';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { refreshDueInSteps } from '../worklist/store';
import { stationDataDates } from '../worklist/stationData';
import { countedPersonAmong, supersededCopies } from '../kernel/counted';
import { reportInsOfMeasure } from '../kernel/facts';
import { exportBundleToOutbox, listSent, recordSent, type ExportProgress, type PendingSend } from './export';
import type { JobPhase } from '../../../shared/domain/types';
import { importBundleFiles, listBundleLog, listStations, type ImportProgress } from './import';
import { keySheet, stationInfo } from '../kernel/identity/ownKeys';
import { listRecipients, parseRecipientText, registerRecipient } from './recipients';

/**
 * The 导入导出 screen's channels. Export streams the bundle into the outbox and leaves it as a file
 * job for the shell to save; import reads the files the user chose in the shell's open dialog.
 */

/**
 * The last accepted `full` bundle of a station: the snapshot its files are from. A `stats` bundle
 * brings figures only, so it neither refreshes the files nor says how old they are.
 */
function lastFullBundle(ops: Pick<Ops, 'db'>, code: string): { seq: number; at: string; createdAt: string | null } | null {
  const row = ops.db
    .prepare(
      `SELECT seq, at, json_extract(details, '$.createdAt') AS created_at FROM bundle_log
       WHERE station_code = ? AND outcome = 'accepted' AND kind = 'full' ORDER BY id DESC LIMIT 1`,
    )
    .get(code) as { seq: number; at: string; created_at: string | null } | undefined;
  return row ? { seq: row.seq, at: row.at, createdAt: row.created_at } : null;
}

/**
 * The registry with what the import log says about each station, and what its snapshot shows. The
 * persons in the figures are those that count at the station (kernel/counted.ts: a person on file
 * at two stations after a transfer counts once); 档案数 is every file the snapshot holds.
 */
function stationRegistry(ops: Ops, staleAfterDays: number): StationRegistryView[] {
  const lastKind = ops.db.prepare(`SELECT kind FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' ORDER BY id DESC LIMIT 1`).pluck();
  const accepted = ops.db.prepare(`SELECT COUNT(*) FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' AND at >= ?`).pluck();
  const gapWarnings = ops.db.prepare(`SELECT warnings FROM bundle_log WHERE station_code = ? AND outcome = 'accepted' AND at >= ? ORDER BY id`).pluck();
  const persons = ops.db.prepare('SELECT COUNT(*) FROM persons WHERE origin_station = ?').pluck();
  // How old each station's files are, as 待办, 工作台 and 统计报表 say it (one reading for all).
  const data = new Map(stationDataDates(ops.db, ops.today, staleAfterDays).map((d) => [d.code, d]));
  const latestFigures = ops.db.prepare(
    'SELECT seq, as_of AS asOf, created_at AS createdAt, imported_at AS importedAt FROM bundle_figures WHERE station_code = ? ORDER BY created_at DESC, id DESC LIMIT 1',
  );
  // Found once for every station's statements below.
  const counted = countedPersonAmong('p');
  const among = { superseded: JSON.stringify(supersededCopies(ops.db)) };
  const byStatus = ops.db.prepare(
    `SELECT COALESCE(m.status, 'none') AS status, COUNT(*) AS n FROM persons p LEFT JOIN measures m ON m.id = p.current_measure_id
     WHERE p.origin_station = ? AND p.archived_at IS NULL AND ${counted} GROUP BY 1`,
  );
  // As 待办 shows them: files not archived, where the person counts.
  const ruleCount = (rules: readonly string[]) =>
    ops.db.prepare(
      `SELECT COUNT(*) FROM alerts a JOIN persons p ON p.id = a.person_id
       WHERE p.origin_station = ? AND p.archived_at IS NULL AND ${counted} AND a.rule_id IN (${rules.map((r) => `'${r}'`).join(', ')})`,
    ).pluck();
  const breaches = ruleCount(UNREPORTED_BREACH_RULES);
  // 逾期未报到: the report-in a running measure owes last (on delivery, or at this station after a
  // change of place, RR art. 14, 22, 38) is past its deadline (15 days; that day itself still on time)
  // and not made — where a person may be missing, whether or not the breach was reported. A late
  // report-in is a breach (未按期报到) and counts among the breaches above until reported, not here.
  // A measure owes one while 待报到 (a transfer here sets it back to that, apply.ts finishTransfer), as
  // the worklist's rule reads it.
  const missingReportIns = new Map<string, number>();
  const owing = ops.db
    .prepare(
      `SELECT p.origin_station AS station, m.id FROM persons p JOIN measures m ON m.id = p.current_measure_id
       WHERE p.origin_station IS NOT NULL AND p.archived_at IS NULL AND ${counted} AND m.status = 'pending_report'`,
    )
    .all(among) as { station: string; id: number }[];
  for (const { station, id } of owing) {
    const last = reportInsOfMeasure(ops.db, id)?.obligations.at(-1);
    if (last && last.reportedOn === null && last.deadline < ops.today) missingReportIns.set(station, (missingReportIns.get(station) ?? 0) + 1);
  }
  const staffing = ops.db.prepare(
    `SELECT COUNT(*) AS open, COUNT(DISTINCT p.origin_staff_name) AS staff FROM persons p JOIN measures m ON m.id = p.current_measure_id
     WHERE p.origin_station = ? AND p.archived_at IS NULL AND ${counted} AND m.status IN ('pending_report', 'active', 'suspended')`,
  );
  return listStations(ops).map((s) => {
    // How old the station's files here are: from when its last full bundle was made, not from the
    // last import of any kind (a figures-only bundle imported today leaves the files as old as they were).
    const age = data.get(s.code);
    const staff = staffing.get(s.code, among) as { open: number; staff: number };
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
      ageDays: age?.ageDays ?? null,
      gaps,
      bundles: accepted.get(s.code, s.confirmedAt) as number,
      persons: persons.get(s.code) as number,
      lastCreatedAt: age?.madeAt ?? null,
      figures: (latestFigures.get(s.code) as StationRegistryView['figures'] | undefined) ?? null,
      stale: age?.stale ?? true,
      staleAfterDays,
      measures: measureCounts(byStatus.all(s.code, among) as { status: string; n: number }[]),
      unreportedBreaches: breaches.get(s.code, among) as number,
      missingReportIns: missingReportIns.get(s.code) ?? 0,
      openMeasures: staff.open,
      caseworkers: staff.staff,
      perCaseworker: staff.staff > 0 ? Math.round((staff.open / staff.staff) * 10) / 10 : null,
      auditEvents: s.auditEvents,
      auditFlag: s.auditFlag,
      auditFlagAt: s.auditFlagAt,
    };
  });
}

function measureCounts(rows: { status: string; n: number }[]): StationRegistryView['measures'] {
  const out = { pendingReport: 0, active: 0, suspended: 0, ended: 0, none: 0 };
  for (const { status, n } of rows) {
    if (status === 'pending_report') out.pendingReport += n;
    else if (status === 'active') out.active += n;
    else if (status === 'suspended') out.suspended += n;
    else if (status === 'none') out.none += n;
    else out.ended += n;
  }
  return out;
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
  commit: 'applying',
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
      // An earlier bundle for this recipient not saved yet gives its number to this one.
      ctx.printJobs.dropPending(`recipient:${recipient.id}`);
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
      const jobId = ctx.printJobs.addFile(
        { fileName: made.fileName, path: made.path, pending: { key: `recipient:${recipient.id}`, data: made.pending } },
        ctx.now.getTime(),
      );
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

  /**
   * The shell saved a made bundle (core/shell.ts calls this after its save dialog succeeded): the
   * sending is recorded now, once; saving the same file again records nothing more.
   */
  'bundles:confirmSaved': (input, ctx) => {
    const file = ctx.printJobs.getFile(input.jobId, ctx.now.getTime()) ?? refuseGone();
    if (!file.pending) return { recorded: false };
    recordSent(opsFromSession(ctx), file.pending.data as PendingSend);
    ctx.printJobs.settle(input.jobId);
    return { recorded: true };
  },

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
          replaceStationKeys: input.replaceStationKeys,
          renumberStations: input.renumberStations,
          onProgress: (p: ImportProgress) => {
            // A stop is honoured until the first file is committed, the last time as its
            // transaction ends ('commit': it rolls back whole). Once one is ('done'), the job
            // stops no more and the files finish: a committed file is never reported as stopped.
            if (p.phase === 'done') {
              applied = true;
              job.setCancellable(false);
            } else if (!applied) {
              job.checkCancelled();
            }
            const inPhase = p.bytesTotal ? p.bytesDone ?? 0 : 0;
            job.report(IMPORT_PHASES[p.phase], p.index * 1000 + (p.bytesTotal ? Math.floor((inPhase / p.bytesTotal) * 1000) : 0), p.total * 1000);
          },
        },
      );
      return results;
    }),

  'bundles:stations': async (_input, ctx) => {
    const ops = opsFromSession(ctx);
    if (stationInfo(ctx.db).mode !== 'supervisor') return [];
    // The breach and report-in counts read the worklist as of today (evaluated first if due).
    const settings = getSupervisionSettings(ctx.db);
    await refreshDueInSteps(ctx.db, ops.today, settings, ctx.jobs);
    return stationRegistry(ops, settings.stationStaleDays);
  },

  'bundles:origin': (input, ctx) => {
    const row = ctx.db.prepare('SELECT code, name FROM stations WHERE code = ?').get(input.code.toUpperCase()) as { code: string; name: string } | undefined;
    if (!row) return null;
    // The file's data is from the station's last full bundle: its number, when it was made and
    // imported all come from that one bundle, whatever came after it (a stats bundle has no files).
    const full = lastFullBundle(ctx, row.code);
    // No full bundle yet (figures only): no files either, and nothing to say of one (0: none).
    return { code: row.code, name: row.name, bundleCreatedAt: full?.createdAt ?? null, importedAt: full?.at ?? null, seq: full?.seq ?? 0 };
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
