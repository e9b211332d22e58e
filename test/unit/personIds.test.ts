import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { nextPersonId, retirePersonId } from '../../electron/core/kernel/personIds';
import { bundleSchema } from '../../electron/core/bundles/apply';
import { tempDir } from './support/tmp';

/** Person ids are never reused (migration 0017): the audit log keeps a deleted file's events under its id. */
describe('person ids', () => {
  it('a file arriving by transfer is numbered past a deleted newest file, as a file created here is', () => {
    const db = openDatabase(`${tempDir()}/p.db`, randomBytes(32), { create: true });
    const add = db.prepare(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
      VALUES (?, '张三', 'zhangsan', 'zs', ?, '1988-05-17', 'male', '2026-01-01', '2026-01-01')`);
    add.run(1, '320102198805172311');
    add.run(2, '320102198805172338');
    expect(nextPersonId(db)).toBe(3);
    db.prepare('DELETE FROM persons WHERE id = 2').run();
    retirePersonId(db, 2);
    // A lower id retired later does not lower the mark.
    retirePersonId(db, 1);
    expect(nextPersonId(db)).toBe(3);
    // The transfer's rows are numbered from the offset + 1.
    expect(bundleSchema(db).offsets.persons).toBe(2);
    db.close();
  });
});
