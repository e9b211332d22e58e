import { linkToCore, type CoreLink } from '../kernel/syncWorker';
import { BundleRefusal } from './errors';
import type { HelperStart, ImportIn, ImportOut, PackIn, PackOut } from './helper';
import { packPart } from './pack';
import { PayloadReader } from './payload';
import { RowPlanner, snapshotPerson, type Batch, type ScannedPart } from './rows';

/**
 * The bundles' helper thread (see helper.ts): started for one export or one import, it answers
 * the core's thread in order and stops at the first refusal or error, which it reports.
 */
function failed(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

type In = { type: 'start'; start: HelperStart } | PackIn | ImportIn;
type Out = PackOut | ImportOut;

/** Packs each part it is given, in order. */
function packing(link: CoreLink<In, Out>): (m: PackIn) => void {
  return (m) => {
    const part = packPart(m.name, m.data, m.rows);
    link.post({ type: 'packed', ...part });
  };
}

/** Takes a `full` bundle's decrypted payload apart as it comes and plans its rows. */
function importing(link: CoreLink<In, Out>, start: Extract<HelperStart, { role: 'import' }>): (m: ImportIn) => void {
  const planner = new RowPlanner(start.schema, snapshotPerson(start.station), {
    patch: (patch) => link.post({ type: 'patch', patch }),
    clear: (clear) => link.post({ type: 'clear', clear }),
  });
  const out = (batch: Batch) => link.post({ type: 'batch', batch }, [batch.jsonb.buffer as ArrayBuffer]);
  // The planner reads each part's bytes itself (scan), instead of PayloadReader's JSON.parse.
  const reader = new PayloadReader<ScannedPart>(
    start.header,
    start.key,
    start.limits,
    start.readmeSha256,
    (part) => {
      if (part.table?.scanned) planner.plan(part.table.scanned, out);
    },
    planner,
  );
  return (m) => {
    if (m.type === 'spare') {
      planner.spare(Buffer.from(m.buffer));
    } else if (m.type === 'data') {
      reader.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
      link.post({ type: 'consumed', bytes: m.chunk.byteLength });
    } else if (m.type === 'flush') {
      link.post({ type: 'flushed' });
    } else {
      const manifest = reader.finish();
      link.post({ type: 'done', manifest, ...planner.finish() });
    }
  };
}

const link = linkToCore<In, Out>();
/** The job in hand (a `start` begins the next one); null once it failed, until the next start. */
let handle: ((m: PackIn & ImportIn) => void) | null = null;
link.onMessage((m) => {
  try {
    if (m.type === 'start') {
      handle = (m.start.role === 'pack' ? packing(link) : importing(link, m.start)) as (m: PackIn & ImportIn) => void;
      return;
    }
    handle?.(m as PackIn & ImportIn);
  } catch (error) {
    handle = null;
    if (error instanceof BundleRefusal) link.post({ type: 'refused', reason: error.reason, params: error.params as Record<string, string | number> | undefined });
    else link.post({ type: 'failed', message: failed(error) });
  }
});
