import type { DrugTest, TestResult } from '../../../shared/domain/supervision';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { drugTestSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../alerts/records';
import type { Db } from '../db/database';
import type { Ops } from '../ops';

interface Row {
  id: number;
  person_id: number;
  measure_id: number | null;
  date: string;
  sample: DrugTest['sample'];
  mode: DrugTest['mode'];
  result: TestResult;
  substances: string;
  unannounced: number;
  tester: string;
  place: string;
  notes: string;
  created_at: string;
  created_by: string | null;
}

function toTest(r: Row): DrugTest {
  return {
    id: r.id,
    measureId: r.measure_id,
    date: r.date,
    sample: r.sample,
    mode: r.mode,
    result: r.result,
    substances: JSON.parse(r.substances) as string[],
    unannounced: r.unannounced === 1,
    tester: r.tester,
    place: r.place,
    notes: r.notes,
    createdBy: r.created_by,
  };
}

export function listTests(db: Db, personId: number): DrugTest[] {
  return (db.prepare('SELECT * FROM drug_tests WHERE person_id = ? ORDER BY date DESC, id DESC').all(personId) as Row[]).map(toTest);
}

export function createTest(ops: Ops, personId: number, test: z.output<typeof drugTestSchema>): DrugTest {
  const { measureId } = requireOpenFile(ops, personId);
  notAfterToday(ops, test.date, 'test.date');
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO drug_tests (person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, place, notes, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(personId, measureId, test.date, test.sample, test.mode, test.result, JSON.stringify(test.substances), test.unannounced ? 1 : 0, test.tester, test.place, test.notes, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username)
        .lastInsertRowid,
    );
    ops.audit({ action: 'tests.create', entity: 'person', entityId: personId, details: { testId: newId, date: test.date, result: test.result } });
    return newId;
  });
  return toTest(ops.db.prepare('SELECT * FROM drug_tests WHERE id = ?').get(id) as Row);
}

export function removeTest(ops: Ops, testId: number, reason: string): void {
  const row = requireRecord<Row>(ops, 'drug_tests', testId, 'errors.RECORD_NOT_FOUND');
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('DELETE FROM drug_tests WHERE id = ?').run(testId);
    ops.audit({ action: 'tests.remove', entity: 'person', entityId: row.person_id, details: { testId, date: row.date, result: row.result, reason } });
  });
}

export function testTimeline(db: Db, personId: number): TimelineEntry[] {
  return listTests(db, personId).map((t) => ({
    key: `test:${String(t.id).padStart(10, '0')}`,
    date: t.date,
    kind: `test.${t.result}`,
    params: { sample: t.sample, substances: t.substances.join(',') },
    detail: t.notes,
    by: t.createdBy,
  }));
}
