import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DraftStore } from '../../electron/core/kernel/drafts';
import { call, loggedIn, refusal, firstLogin } from './support/core';

describe('dialog drafts (issue 14): memory only, across a lock for the same user', () => {
  it('keeps a draft across an idle lock for the same user, hands it back once, and drops it at logout', async () => {
    const { core, clock } = await loggedIn();
    await call(core, 'drafts:save', { key: 'contact:new:1', text: '第一次谈话：情绪稳定。' });
    clock.advance(60 * 60_000);
    core.tick();
    expect((await refusal(core, 'drafts:take', { key: 'contact:new:1' })).code).toBe('LOCKED');
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(await call(core, 'drafts:take', { key: 'contact:new:1' })).toBe('第一次谈话：情绪稳定。');
    expect(await call(core, 'drafts:take', { key: 'contact:new:1' })).toBeNull();

    await call(core, 'drafts:save', { key: 'contact:new:1', text: '又一次' });
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(await call(core, 'drafts:take', { key: 'contact:new:1' })).toBeNull();
  });

  it('never shows one user’s draft to another who unlocks after the lock, nor to the first afterwards', async () => {
    const { core } = await loggedIn();
    await call(core, 'users:create', { username: 'li.si', displayName: '李四', role: 'staff', password: 'staff password' });
    await call(core, 'drafts:save', { key: 'contact:new:1', text: '站长的草稿' });
    core.lock('manual');
    await firstLogin(core, 'li.si', 'staff password');
    expect(await call(core, 'drafts:take', { key: 'contact:new:1' })).toBeNull();
    core.lock('manual');
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect(await call(core, 'drafts:take', { key: 'contact:new:1' })).toBeNull();
  });

  it('holds no readable text while locked, and empty text drops a draft', () => {
    const store = new DraftStore();
    const key = Buffer.alloc(32, 7);
    store.save(1, 'a', '谈话内容 secret');
    store.save(1, 'b', 'x');
    store.save(1, 'b', '  ');
    store.seal(key);
    expect(inspect(store, { depth: 10 })).not.toContain('secret');
    expect(inspect(store, { depth: 10 })).not.toContain('谈话');
    expect(store.take(1, 'a')).toBeNull();
    store.open(1, Buffer.alloc(32, 8)); // a different key cannot open them: dropped
    expect(store.take(1, 'a')).toBeNull();
    store.save(1, 'a', '谈话内容 secret');
    store.seal(key);
    store.open(1, key);
    expect(store.take(1, 'b')).toBeNull();
    expect(store.take(1, 'a')).toBe('谈话内容 secret');
  });
});
