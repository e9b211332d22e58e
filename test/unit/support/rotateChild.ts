// Run by vault.test.ts in a child process under a file-size limit (`ulimit -f`, SIGXFSZ ignored),
// so that a write past the limit fails as on a full disk: rotates the master key of the vault at
// argv[2] and prints how it ended as one JSON line.
import { pathsForDatabase, unlockWithPassword, VaultKeys } from '../../../electron/core/kernel/vault';
import { HavenError } from '../../../shared/ipc/errors';

const paths = pathsForDatabase(process.argv[2]!);
// As FAST_SCRYPT in ./tmp, which registers a Vitest hook and so cannot be imported here.
const options = { scrypt: { N: 2 ** 10, r: 8, p: 1 } };
const opened = unlockWithPassword(paths, 'admin', 'correct horse', { ...options, migrate: false });
// A small page cache: the rekey spills re-encrypted pages into the file before its journal is complete.
opened.db.pragma('cache_size = -500');
const keys = new VaultKeys(paths, opened.masterKey, opened.keyFile, options);
let outcome: Record<string, unknown>;
try {
  keys.rotateMasterKey(opened.db, 'admin', 'correct horse', new Date('2026-03-02T08:00:00Z'));
  outcome = { ok: true };
} catch (error) {
  outcome = {
    ok: false,
    code: (error as { code?: unknown }).code ?? null,
    messageKey: error instanceof HavenError ? error.messageKey : null,
    putBack: (error as { putBack?: unknown }).putBack ?? null,
    open: opened.db.open,
  };
}
if (opened.db.open) opened.db.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
