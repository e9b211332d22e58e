import type { DatabaseMode } from '../../../../shared/domain/types';
import type { Db } from '../db/database';
import type { Ops } from '../ops';
import { generateAgeIdentity, recipientOfIdentity } from './ageKeys';
import { fingerprintGroups, recipientFingerprint, signingFingerprint } from './fingerprint';
import { generateSigningKey, keyIdHex, publicKeyFile, publicKeyOfSeed, publicKeyText, type SigningSecretKey } from './minisign';

/**
 * Every database's own keys, kept in the encrypted database (table crypto_keys): the minisign
 * (Ed25519) key that signs what it exports, and the age (X25519) identity that decrypts what is
 * sent to it. Made at setup; a database from before bundles gets them on first use.
 */
export interface OwnKeys {
  signing: SigningSecretKey;
  /** `RW…` */
  publicKey: string;
  /** 16 hex digits, as minisign prints it. */
  keyId: string;
  /** `AGE-SECRET-KEY-1…`: never leaves the database. */
  identity: string;
  /** `age1…` */
  recipient: string;
}

interface KeyRow {
  sign_key_id: string;
  sign_public_key: string;
  sign_secret_key: string;
  age_identity: string;
  age_recipient: string;
}

/** Inserts a fresh key pair of each kind; call inside the setup transaction. Returns the signing key id. */
export function createBundleKeys(db: Db, at: string): string {
  const signing = generateSigningKey();
  const age = generateAgeIdentity();
  const keyId = keyIdHex(signing.keyId);
  db.prepare(
    `INSERT INTO crypto_keys (id, sign_key_id, sign_public_key, sign_secret_key, age_identity, age_recipient, created_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(keyId, publicKeyText(signing), signing.seed.toString('base64'), age.identity, age.recipient, at);
  signing.seed.fill(0);
  return keyId;
}

function readKeys(db: Db): OwnKeys | null {
  const row = db.prepare('SELECT * FROM crypto_keys WHERE id = 1').get() as KeyRow | undefined;
  if (!row) return null;
  const blob = Buffer.from(row.sign_public_key, 'base64');
  const signing: SigningSecretKey = {
    keyId: Buffer.from(blob.subarray(2, 10)),
    publicKey: Buffer.from(blob.subarray(10)),
    seed: Buffer.from(row.sign_secret_key, 'base64'),
  };
  // A damaged key row must not sign or decrypt anything.
  if (!publicKeyOfSeed(signing.seed).equals(signing.publicKey) || recipientOfIdentity(row.age_identity) !== row.age_recipient) {
    throw new Error('crypto_keys: stored key pairs do not match');
  }
  return { signing, publicKey: row.sign_public_key, keyId: row.sign_key_id, identity: row.age_identity, recipient: row.age_recipient };
}

/** This database's keys; made now (and audited) if the database predates bundles. */
export function ownKeys(ops: Pick<Ops, 'db' | 'now' | 'audit'>): OwnKeys {
  const existing = readKeys(ops.db);
  if (existing) return existing;
  ops.db.transaction(() => {
    if (readKeys(ops.db)) return;
    const keyId = createBundleKeys(ops.db, ops.now.toISOString());
    ops.audit({ action: 'bundles.keys.create', entity: 'station', details: { keyId } });
  })();
  return readKeys(ops.db) as OwnKeys;
}

export interface KeySheet {
  station: { code: string; name: string; mode: DatabaseMode };
  /** Minisign public key `RW…`, its key id and the fingerprint to read aloud. */
  publicKey: string;
  keyId: string;
  fingerprint: string;
  fingerprintGroups: string[];
  /** The age recipient others encrypt to, and its fingerprint. */
  recipient: string;
  recipientFingerprint: string;
  recipientFingerprintGroups: string[];
  /** `<code>.pub`: a minisign public key file, for `minisign -p` and `haven verify --trust`. */
  publicKeyFile: string;
  /** `<code>.recipient.txt`: an age recipients file (`age -R`), for the stations to enter. */
  recipientFile: string;
}

export function stationInfo(db: Db): { code: string; name: string; mode: DatabaseMode } {
  return db.prepare('SELECT code, name, mode FROM station WHERE id = 1').get() as { code: string; name: string; mode: DatabaseMode };
}

/** An age recipients file with the name and fingerprint as comments (age ignores `#` lines). */
export function recipientFileText(station: { code: string; name: string }, recipient: string): string {
  return [
    '# 港湾 Haven — 接收密钥（age） / age recipient',
    `# 名称 / name: ${station.name} (${station.code})`,
    `# 指纹 / fingerprint: ${recipientFingerprint(recipient)}`,
    recipient,
    '',
  ].join('\n');
}

/** The data of the printable key sheet (the printing itself is the renderer's). */
export function keySheet(ops: Pick<Ops, 'db' | 'now' | 'audit'>): KeySheet {
  const keys = ownKeys(ops);
  const station = stationInfo(ops.db);
  const fingerprint = signingFingerprint(keys.signing);
  const rFingerprint = recipientFingerprint(keys.recipient);
  return {
    station,
    publicKey: keys.publicKey,
    keyId: keys.keyId,
    fingerprint,
    fingerprintGroups: fingerprintGroups(fingerprint),
    recipient: keys.recipient,
    recipientFingerprint: rFingerprint,
    recipientFingerprintGroups: fingerprintGroups(rFingerprint),
    publicKeyFile: publicKeyFile(keys.signing, `Haven station ${station.code} minisign public key ${keys.keyId}`),
    recipientFile: recipientFileText(station, keys.recipient),
  };
}
