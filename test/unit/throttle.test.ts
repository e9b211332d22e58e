import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoginThrottle, OTHERS_BUCKET, RECOVERY_BUCKET, type UnreportedFailures } from '../../electron/core/kernel/throttle';
import { tempDir } from './support/tmp';
import { call, loggedIn, makeCore } from './support/core';

const AT = new Date('2026-03-05T08:00:00+08:00');
const later = (ms: number) => new Date(AT.getTime() + ms);

function unreported(throttle: LoginThrottle): UnreportedFailures[] {
  let out: UnreportedFailures[] = [];
  throttle.reportUnreported((failures) => {
    out = failures;
  });
  return out;
}

describe('the login throttle under a flood of names', () => {
  it("failures under hundreds of other names neither end an admin's wait nor drop its failures unaudited, and the file stays bounded", () => {
    const path = join(tempDir(), 'login-throttle.json');
    const throttle = new LoginThrottle(path);
    for (let i = 0; i < 8; i++) throttle.recordFailure('admin', AT);
    expect(throttle.waitSeconds('admin', AT)).toBe(240);
    // 500 other names, each tried once (as the reviewer's 200, and more).
    for (let i = 0; i < 500; i++) throttle.recordFailure(`x${i}`, AT);
    expect(throttle.waitSeconds('admin', AT)).toBe(240);
    expect(throttle.failures('admin')).toBe(8);

    // As the file holds it (the app restarted): the same.
    const again = new LoginThrottle(path);
    expect(again.waitSeconds('admin', AT)).toBe(240);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(stored).length).toBeLessThanOrEqual(202);
    expect(statSync(path).size).toBeLessThan(100_000);

    // Every failure is audited at the next login: the admin's by name, the names without room as others.
    const failures = unreported(again);
    expect(failures.find((f) => f.username === 'admin')).toMatchObject({ count: 8 });
    expect(failures.reduce((sum, f) => sum + f.count, 0)).toBe(508);
    expect(failures.find((f) => f.username === OTHERS_BUCKET)?.count).toBe(500 - 199);
  });

  it('names without room share one wait, so a flood of names does not buy unlimited guesses; audited, room is made again', () => {
    const throttle = new LoginThrottle(join(tempDir(), 'login-throttle.json'));
    for (let i = 0; i < 200; i++) throttle.recordFailure(`x${i}`, AT);
    // The file is full of names with failures not yet audited: a new name's failures are counted together.
    for (let i = 0; i < 5; i++) throttle.recordFailure(`guess${i}`, AT);
    expect(throttle.waitSeconds('zhang.san', AT)).toBe(30);
    expect(throttle.waitSeconds('x3', AT)).toBe(0);
    expect(throttle.failures('guess0')).toBe(0);
    // The recovery key's attempts keep a count of their own (audited as such), not the names' shared wait.
    throttle.recordFailure(RECOVERY_BUCKET, AT);
    expect(throttle.failures(RECOVERY_BUCKET)).toBe(1);
    expect(throttle.waitSeconds(RECOVERY_BUCKET, AT)).toBe(0);

    // A login audits them all: the names are forgettable again, and with the shared wait over a new name has its own entry.
    const audited = unreported(throttle);
    expect(audited.find((f) => f.username === OTHERS_BUCKET)).toMatchObject({ count: 5 });
    expect(audited.find((f) => f.username === RECOVERY_BUCKET)).toMatchObject({ count: 1 });
    throttle.recordFailure('li.si', later(31_000));
    expect(throttle.failures('li.si')).toBe(1);
    expect(throttle.waitSeconds('zhang.san', later(31_000))).toBe(0);
  });

  it('a name that is neither waiting nor holding failures not yet audited still makes room, oldest first', () => {
    const throttle = new LoginThrottle(join(tempDir(), 'login-throttle.json'));
    for (let i = 0; i < 200; i++) throttle.recordFailure(`x${i}`, AT);
    unreported(throttle);
    throttle.recordFailure('admin', AT);
    expect(throttle.failures('admin')).toBe(1);
    expect(throttle.failures('x0')).toBe(0);
    expect(throttle.failures('x1')).toBe(1);
  });

  it('at the next login the failures under names without room are written to the audit log as such', async () => {
    const ctx = await loggedIn('2026-03-05T08:00:00+08:00');
    await call(ctx.core, 'auth:logout', {});
    ctx.core.close();
    const throttle = new LoginThrottle(join(ctx.dataDir, 'login-throttle.json'));
    for (let i = 0; i < 203; i++) throttle.recordFailure(`x${i}`, AT);
    const again = makeCore(ctx.dataDir, '2026-03-05T09:00:00+08:00');
    await call(again.core, 'auth:login', { username: 'admin', password: 'admin password' });
    const failed = (await call(again.core, 'audit:list', { action: 'auth.loginFailed', limit: 500 })).map((e) => e.details);
    expect(failed).toHaveLength(201);
    expect(failed).toContainEqual(expect.objectContaining({ otherNames: true, count: 3 }));
    expect((await call(again.core, 'audit:chain', {})).ok).toBe(true);
    again.core.close();
  });
});
