import { z } from 'zod';
import { chinaDay } from '../../../shared/domain/dates';
import { refuse } from './errors';
import { auditAnchorSchema, type AuditAnchor } from './auditAnchor';

/**
 * The bundle formats: names, the trusted comment, the manifest. Version 2 (written since the
 * streaming exporter) splits each table into parts of at most PART_BYTES and puts the manifest
 * after them, so that a bundle of any size is written and read in bounded memory; its trusted
 * comment also names the schema version, so a bundle from a newer Haven is refused before
 * anything is decrypted. Version 1 bundles (one file per table, manifest first) still import.
 */
export const BUNDLE_FORMAT = 'haven-bundle';
export const BUNDLE_VERSION = 2;
export type BundleVersion = 1 | 2;

/**
 * The schema a bundle names (trusted comment and manifest; a receiver refuses one newer than its
 * own): the newest migration that changed a table a bundle carries or what a bundle holds (0009:
 * the audit anchor), not simply the newest migration. A station and its supervisor, updated on
 * different days from a USB stick, then still exchange bundles across an update that changed
 * neither (0010, the audit log's own table; 0011, the supervisor's blocks of ids; 0012, the
 * search index's trigger). 0016 gave leaves their withdrawal's columns. A test fails when a later migration changes a carried table and this
 * stays behind; a change to what a bundle holds must raise it by hand.
 */
export const BUNDLE_SCHEMA_VERSION = 16;

export const bundleKinds = ['full', 'stats', 'transfer'] as const;
export type BundleKind = (typeof bundleKinds)[number];

/** The outer ZIP, in this order (the canonical form). */
export const OUTER_ENTRIES = ['payload.age', 'payload.age.minisig', 'station.pub', 'README.txt'] as const;
export const MANIFEST = 'manifest.json';
export const MANIFEST_SIG = 'manifest.json.minisig';
export const FIGURES = 'figures.ndjson';
/** A part of a table holds rows up to this many bytes of NDJSON (a longer single row is a part alone). */
export const PART_BYTES = 4 * 1024 * 1024;
/** The most parts a version 2 manifest may list (a table of 40 GB). */
export const MAX_PARTS = 10_000;

/** `persons.0001.ndjson`: a table's parts in order, numbered from 1. */
export const partName = (table: string, part: number) => `${table}.${String(part).padStart(4, '0')}.ndjson`;
const PART = /^([a-z0-9_]{1,64})\.(\d{4})\.ndjson$/;
export function parsePartName(name: string): { table: string; part: number } | null {
  const m = PART.exec(name);
  return m ? { table: m[1] as string, part: Number(m[2]) } : null;
}

/** What the outer signature's trusted comment binds: who, what, which number, when. */
export interface BundleHeader {
  station: string;
  kind: BundleKind;
  seq: number;
  createdAt: string;
}

/** A header as read from a trusted comment: also its format version and (version 2) the schema it was written with. */
export interface ClaimedHeader extends BundleHeader {
  version: BundleVersion;
  schemaVersion: number | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The trusted comment a bundle is written with (version 2). */
export function trustedComment(h: BundleHeader, schemaVersion: number): string {
  return `${BUNDLE_FORMAT}/2 station=${h.station} kind=${h.kind} seq=${h.seq} created=${h.createdAt} schema=${schemaVersion}`;
}

/** The trusted comment of a version 1 bundle (reading old bundles; tests that make one). */
export function trustedCommentV1(h: BundleHeader): string {
  return `${BUNDLE_FORMAT}/1 station=${h.station} kind=${h.kind} seq=${h.seq} created=${h.createdAt}`;
}

const HEADER_V1 = /^haven-bundle\/1 station=([A-Za-z0-9-]{2,32}) kind=(full|stats|transfer) seq=([1-9]\d{0,8}) created=(\S+)$/;
const HEADER_V2 = /^haven-bundle\/2 station=([A-Za-z0-9-]{2,32}) kind=(full|stats|transfer) seq=([1-9]\d{0,8}) created=(\S+) schema=([1-9]\d{0,5})$/;

/** Reads a trusted comment; one not of a known format and version is refused as an unknown version. */
export function parseTrustedComment(text: string): ClaimedHeader {
  const version = /^haven-bundle\/(\d{1,6}) /.exec(text)?.[1];
  if (version !== '1' && version !== '2') return refuse('BUNDLE_UNKNOWN_VERSION', { version: version ?? '?' });
  const m = (version === '1' ? HEADER_V1 : HEADER_V2).exec(text);
  if (!m || !ISO_INSTANT.test(m[4] as string) || Number.isNaN(Date.parse(m[4] as string))) return refuse('BUNDLE_UNKNOWN_VERSION', { version });
  return {
    station: m[1] as string,
    kind: m[2] as BundleKind,
    seq: Number(m[3]),
    createdAt: m[4] as string,
    version: Number(version) as BundleVersion,
    schemaVersion: m[5] === undefined ? null : Number(m[5]),
  };
}

/** `<station-code>-<kind>-<seq>-<date>.haven`, the date being the China calendar day of creation. */
export function bundleFileName(h: BundleHeader): string {
  return `${h.station}-${h.kind}-${h.seq}-${chinaDay(new Date(h.createdAt))}.haven`;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

function manifestSchemaFor(version: BundleVersion) {
  return z
    .object({
      format: z.literal(BUNDLE_FORMAT),
      version: z.literal(version),
      kind: z.enum(bundleKinds),
      station: z.object({ code: z.string().regex(/^[A-Za-z0-9-]{2,32}$/), name: z.string().min(1).max(200) }).strict(),
      seq: z.number().int().positive(),
      createdAt: z.string().regex(ISO_INSTANT),
      createdBy: z.string().max(200),
      schemaVersion: z.number().int().positive(),
      previousSha256: sha256Hex.nullable(),
      ...(version === 2 ? { readmeSha256: sha256Hex, audit: auditAnchorSchema.optional() } : {}),
      files: z
        .array(
          z
            .object({
              name: version === 1 ? z.string().regex(/^[a-z0-9_]{1,64}\.ndjson$/) : z.string().refine((n) => n === FIGURES || PART.test(n)),
              sha256: sha256Hex,
              rows: z.number().int().nonnegative(),
            })
            .strict(),
        )
        .max(version === 1 ? 60 : MAX_PARTS),
    })
    .strict();
}
const manifestSchemas = { 1: manifestSchemaFor(1), 2: manifestSchemaFor(2) } as const;
/**
 * `readmeSha256` (format 2): the outer README.txt is covered by the signed manifest too.
 * `audit` (format 2, optional: earlier format-2 bundles have none): the station's audit anchor.
 */
export type Manifest = Omit<z.infer<(typeof manifestSchemas)[1]>, 'version'> & { version: BundleVersion; readmeSha256?: string; audit?: AuditAnchor };

/** Parses the manifest of a bundle of `version`; another format or version is an unknown version, anything else invalid. */
export function parseManifest(bytes: Buffer, version: BundleVersion): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse('BUNDLE_MANIFEST_INVALID');
  }
  if (typeof value !== 'object' || value === null) return refuse('BUNDLE_MANIFEST_INVALID');
  const { format, version: found } = value as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT || found !== version) return refuse('BUNDLE_UNKNOWN_VERSION', { version: String(found ?? '?') });
  const parsed = manifestSchemas[version].safeParse(value);
  if (!parsed.success) return refuse('BUNDLE_MANIFEST_INVALID');
  return parsed.data as Manifest;
}

const KIND_WORDS: Record<BundleKind, [string, string]> = {
  full: ['全部档案', 'all records'],
  stats: ['统计数字（不含个人信息）', 'figures only (no personal data)'],
  transfer: ['一人档案（变更执行地）', "one person's file (transfer)"],
};

/** README.txt: what the file is and how to check it with standard tools, in both languages. */
export function readmeText(h: BundleHeader, stationName: string, publicKey: string): string {
  const [zh, en] = KIND_WORDS[h.kind];
  return [
    '港湾 Haven 数据包 / Haven data bundle',
    '',
    `发送方 / from: ${stationName} (${h.station})`,
    `内容 / contents: ${zh} / ${en}`,
    `序号 / number: ${h.seq}`,
    `生成时间 / created: ${h.createdAt}`,
    '',
    '本文件是一个 ZIP 压缩包，包含：',
    'This file is a ZIP archive with:',
    '  payload.age          加密的数据，只有接收方能打开 / the encrypted data; only the recipient can open it',
    '  payload.age.minisig  发送方的签名 / the sender\'s signature',
    '  station.pub          发送方的签名公钥 / the sender\'s public signing key',
    '',
    '用标准工具核对（minisign、age）/ To check with standard tools (minisign, age):',
    '',
    '  minisign -Vm payload.age -p station.pub',
    '  age -d -i <identity> payload.age > payload.zip',
    '',
    '注意：station.pub 随文件一起传递，本身不能证明来源。请把其中的公钥与发送方打印的密钥单核对：',
    'Note: station.pub travels with the file and proves nothing by itself. Compare the key with the',
    "sender's printed key sheet:",
    '',
    `  ${publicKey}`,
    '',
    '港湾导入时只信任已登记并核对过指纹的密钥。/ Haven trusts only keys registered after a fingerprint check.',
    '',
  ].join('\r\n');
}
