import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { loadFactsRange, loadPersonFacts } from '../../electron/core/kernel/facts';
import { insertUser } from '../../electron/core/kernel/vault';
import { getSupervisionSettings } from '../../electron/core/kernel/supervisionSettings';
import { refreshDue } from '../../electron/core/worklist/store';
import { tempDir } from './support/tmp';

/** The rules' facts read person by person and range by range are the same facts. */
describe('the facts read model', () => {
  it('reads the same facts for a range as for each person, and the batch worklist equals the per-person one', () => {
    const now = new Date('2026-03-02T10:00:00+08:00');
    const db = openDatabase(`${tempDir()}/f.db`, randomBytes(32));
    try {
      db.prepare(`INSERT INTO station (id, code, name, mode, created_at) VALUES (1, 'JS-NJ-01', '某站', 'station', ?)`).run(now.toISOString());
      insertUser(db, 'admin', '王站长', 'admin', now.toISOString());
      generateDemo(db, { persons: 1200, seed: 'facts', at: '2026-03-02', now, actor: { userId: 1, username: 'admin', displayName: '王站长' } });
      const ids = db.prepare('SELECT id FROM persons ORDER BY id').pluck().all() as number[];
      const range = loadFactsRange(db, ids[0] as number, ids.at(-1) as number);
      expect(range.size).toBe(ids.length);
      for (const id of ids) expect(range.get(id), `person ${id}`).toEqual(loadPersonFacts(db, id));

      // More than 1,000 due: the batch path; then the same persons again one by one.
      const settings = getSupervisionSettings(db);
      const kept = db.prepare('SELECT count(*) FROM persons WHERE archived_at IS NULL').pluck().get() as number;
      expect(kept).toBeGreaterThan(1000);
      expect(refreshDue(db, '2026-03-02', settings)).toBe(kept);
      const batch = db.prepare('SELECT person_id, key, facts, severity FROM alerts ORDER BY person_id, key').all();
      db.prepare('DELETE FROM alert_state WHERE person_id > ?').run(ids[ids.length - 200] as number);
      expect(refreshDue(db, '2026-03-02', settings)).toBeLessThanOrEqual(200);
      expect(db.prepare('SELECT person_id, key, facts, severity FROM alerts ORDER BY person_id, key').all()).toEqual(batch);
      expect(batch.length).toBeGreaterThan(300);
    } finally {
      db.close();
    }
  }, 120_000);
});
