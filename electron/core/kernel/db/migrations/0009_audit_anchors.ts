/**
 * 0009: the audit chain is keyed from here on, and its head is anchored outside the file.
 *
 * - `meta.auditKey`: the HMAC key of the chain (32 random bytes, hex). It lives inside the
 *   encrypted file rather than being derived from the master key so that rotating the master key
 *   does not orphan every earlier link. Events written before this migration keep their unkeyed
 *   links (a prefix `check` still verifies); every later event is keyed.
 * - `bundle_sent.audit_head_id`: the audit event that was the chain's head when a bundle was
 *   made (sent in the bundle); later bundles repeat the hashes at these ids so the receiver can
 *   tell a chain that still extends what it saw from one that was rewritten.
 * - `stations.audit_*`: what a supervisor last saw of each station's chain, and a flag when a
 *   later bundle's chain did not extend it.
 */
export default /* sql */ `
INSERT INTO meta (key, value) VALUES ('auditKey', lower(hex(randomblob(32))));

ALTER TABLE bundle_sent ADD COLUMN audit_head_id INTEGER;

ALTER TABLE stations ADD COLUMN audit_head_id INTEGER;
ALTER TABLE stations ADD COLUMN audit_head_hash TEXT;
ALTER TABLE stations ADD COLUMN audit_events INTEGER;
ALTER TABLE stations ADD COLUMN audit_flag TEXT;
ALTER TABLE stations ADD COLUMN audit_flag_at TEXT;
`;
