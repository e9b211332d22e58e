import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_TABLES, LOCAL_TABLES } from '../../electron/core/bundles/tables';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { migrations } from '../../electron/core/kernel/db/migrations';
import { PERSON_DATA_WRITES } from '../../electron/core/kernel/readOnly';
import { channelNames, contract, coreChannelNames, shellContract, type ChannelName } from '../../shared/ipc/contract';
import { call, makeCore, refusal } from './support/core';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/** Derive, don't list: what follows from the contract and the schema, and the lists that remain. */
const effectOf = (name: ChannelName) => (name in contract ? contract[name as keyof typeof contract].effect : shellContract[name as keyof typeof shellContract].effect);

describe('the contract', () => {
  it('refuses every person-changing channel on a supervisor database, and only those', async () => {
    const { createVault, vaultPaths } = await import('../../electron/core/kernel/vault');
    const { core, dataDir } = makeCore();
    createVault(vaultPaths(dataDir), { station: { code: 'SUP-01', name: '某县禁毒办', mode: 'supervisor' }, admin: { username: 'admin', displayName: '督导', password: 'admin password' } }, new Date(), {
      scrypt: FAST_SCRYPT,
    });
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const personWrites = coreChannelNames.filter((name) => contract[name].effect === 'person');
    expect([...PERSON_DATA_WRITES].sort()).toEqual([...personWrites].sort());
    expect(personWrites.length).toBeGreaterThan(40);
    for (const name of personWrites) {
      expect(await refusal(core, name, {}), name).toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.SUPERVISOR_READ_ONLY' });
    }
    // Everything else reaches its input check (or its handler), not the read-only refusal.
    for (const name of coreChannelNames.filter((n) => contract[n].effect !== 'person' && !['auth:logout', 'auth:lock'].includes(n))) {
      const result = await core.invoke(name, {});
      if (!result.ok) expect(result.error.messageKey, name).not.toBe('errors.SUPERVISOR_READ_ONLY');
    }
  });

  it('every write channel is called by some test (which asserts its effect)', () => {
    const files = ['test/unit', 'test/e2e'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('contract.test.ts'))
        .map((f) => readFileSync(join(dir, f), 'utf8')),
    );
    const text = files.join('\n');
    const unreached = channelNames.filter((name) => effectOf(name) !== 'read' && !text.includes(`'${name}'`) && !name.startsWith('shell:'));
    expect(unreached).toEqual([]);
  });
});

describe('the schema', () => {
  it('every table tied to a person is carried by bundles or declared local', () => {
    const db = openDatabase(`${tempDir()}/s.db`, randomBytes(32));
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    const personal = tables.filter((t) => {
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[];
      return columns.includes('person_id') || columns.includes('measure_id');
    });
    db.close();
    const carried = BUNDLE_TABLES.map((t) => t.name);
    expect(personal.filter((t) => !carried.includes(t) && !(t in LOCAL_TABLES))).toEqual([]);
    // And neither list names a table that is not there, or both.
    expect([...carried, ...Object.keys(LOCAL_TABLES)].filter((t) => !tables.includes(t))).toEqual([]);
    expect(carried.filter((t) => t in LOCAL_TABLES)).toEqual([]);
  });

  it('every table whose rows hang from a person by foreign keys, however deep, is carried by bundles or declared local', () => {
    const db = openDatabase(`${tempDir()}/s.db`, randomBytes(32));
    /** Tables reached from persons through the foreign keys that point at them, neither carried nor local. */
    const leftBehind = () => {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      const parents = new Map(tables.map((t) => [t, db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(t) as string[]]));
      const reached = new Set(['persons']);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [table, refs] of parents) {
          if (!reached.has(table) && refs.some((r) => reached.has(r))) {
            reached.add(table);
            grew = true;
          }
        }
      }
      const carried = BUNDLE_TABLES.map((t) => t.name);
      expect(reached.size).toBeGreaterThan(carried.length / 2);
      return [...reached].filter((t) => !carried.includes(t) && !(t in LOCAL_TABLES)).sort();
    };
    expect(leftBehind()).toEqual([]);
    // A record kind that hangs from another (no person_id, no measure_id) is found as well.
    db.exec('CREATE TABLE violation_notes (id INTEGER PRIMARY KEY, violation_id INTEGER NOT NULL REFERENCES violations (id))');
    expect(leftBehind()).toEqual(['violation_notes']);
    db.close();
  });

  it('landed migrations keep the text they landed with (a change is a new numbered migration)', () => {
    const landed: Record<number, string> = {
      1: 'ab5c4da3d6a82b608301d389c7547a6841d4e307c8bbe080154434a6bab773c3',
      2: '95aa359b99278577765cac2eb6d926b48022689832334942bf9936594a95f239',
      3: '28987402af286795d91a08fe991b683c9c2d016c4300d0be3e197e5b1abb812e',
      4: '085e9e7425b7b05c797f869e703d953301184421d70f6350d7407d996fabb413',
      5: '1eefbbc87617befc0a70fe06f2f0c1031989e526b0fb6ba660dfcca9f6ed4fdb',
      6: '374e7893d0aea3179c4c15a52736d864dc0015b52464b69676a3a0d28f1745c2',
      7: 'd65004ac5a828afb1cd224ebd0214a2ebef4ceb92ce677b4f9ed7df9834ccc4c',
      8: '92e7baaf753d3fb74de233fc4cc1e3a330400cb022ce36107d4e08df74d9a5f9',
      9: '6a878a243049dc95931cafdd10ad13488ef999f5da66b7c36472d72cc6a2a4d2',
      10: 'a7d7a031a8a51932a860021cb043d8b4a58c49747a3e7b592f200251879ac997',
      11: '349f6e3953a222972673121641a915e36d41b7a4059ac84cd2afc1d77e784abc',
      12: 'c3e25258e1445ec96451e592b164002cca387d055c6cac9469f8bbcfefde57ab',
      13: '6db59b0a69cac0fb79431c5c4a921b85d53a2b303d6f388b078bde53a442d635',
      14: '95bfd8ea789c53719aadcd267a120861108d6b8ec605ec405fc050010c733129',
      15: 'd6ab11b7e09a02ff05aa83c2da74d375b755ff785885e18742a530230b3d4b02',
      16: '40d6ec6e6bdebf8a31ceb3067f22e7d3e5519298a62161588bf91f3599e25a20',
      17: 'a004ae0133e560f1e65673c53d56c032b3f1aa0669584acbda079680869f999d',
      18: 'f1dff5e91860a333de568ac1117e8bc3c333ad969d28c68fa386d537c6621b46',
      19: 'c5410bf0debb50878ba16d5702cf012b555ccc4a1ab799fa247aca898b5e9170',
    };
    for (const m of migrations.filter((x) => x.version in landed)) {
      expect(createHash('sha256').update(m.sql).digest('hex'), `migration ${m.version} (${m.name}) was edited after it landed`).toBe(landed[m.version]);
    }
    // A new migration adds its checksum here when it lands.
    expect(migrations.map((m) => m.version).filter((v) => !(v in landed))).toEqual([]);
  });
});
