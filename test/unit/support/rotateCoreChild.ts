// Run by vaultSafety.test.ts in a child process under a file-size limit (`ulimit -f`, SIGXFSZ
// ignored): the core of the data folder at argv[2] logs in, rotates the master key through
// `keys:rotateMasterKey`, then goes on working; prints what each step answered as one JSON line.
import { createHavenCore } from '../../../electron/core/app';

const core = createHavenCore({
  dataDir: process.argv[2]!,
  // As FAST_SCRYPT in ./tmp, which registers a Vitest hook and so cannot be imported here.
  vaultOptions: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
  checkAtUnlock: false,
  logError: () => {},
});
const login = await core.invoke('auth:login', { username: 'admin', password: 'correct horse' });
const rotate = await core.invoke('keys:rotateMasterKey', { currentPassword: 'correct horse' });
const status = await core.invoke('app:status', {});
const write = await core.invoke('settings:update', { idleLockMinutes: 7 });
const audit = await core.invoke('audit:list', { limit: 50 });
process.stdout.write(
  `${JSON.stringify({
    login: login.ok,
    rotate: rotate.ok ? { ok: true } : rotate.error,
    state: status.ok ? (status.value as { state: string }).state : null,
    write: write.ok,
    actions: audit.ok ? (audit.value as { action: string }[]).map((e) => e.action) : null,
  })}\n`,
);
await core.invoke('auth:lock', {});
