import { HavenError } from '../../../shared/ipc/errors';
import { testProcedureWarningsOf, type DrugTest, type GoodReason, type TestResult } from '../../../shared/domain/supervision';
import { goodReasonIndex } from '../goodReasons/repo';
import type { TimelineEntry } from '../../../shared/domain/persons';
import type { drugTestSchema } from '../../../shared/schemas/supervision';
import type { z } from 'zod';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import { fieldChanges, type Ops } from '../kernel/ops';

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
  second_tester: string;
  collector_female: number | null;
  sample_a_number: string;
  sample_b_number: string;
  place: string;
  notes: string;
  created_at: string;
  created_by: string | null;
}

function toTest(r: Row, gender: 'male' | 'female' | null, reasons: Map<string, GoodReason>): DrugTest {
  const fields = {
    mode: r.mode,
    sample: r.sample,
    result: r.result,
    tester: r.tester,
    secondTester: r.second_tester,
    collectorFemale: r.collector_female === null ? null : r.collector_female === 1,
    sampleANumber: r.sample_a_number,
    sampleBNumber: r.sample_b_number,
  };
  return {
    ...fields,
    id: r.id,
    measureId: r.measure_id,
    date: r.date,
    substances: JSON.parse(r.substances) as string[],
    unannounced: r.unannounced === 1,
    place: r.place,
    notes: r.notes,
    createdBy: r.created_by,
    procedureWarnings: testProcedureWarningsOf(fields, gender),
    goodReason: reasons.get(`test:${r.id}`) ?? null,
  };
}

const genderOf = (db: Db, personId: number) => (db.prepare('SELECT gender FROM persons WHERE id = ?').pluck().get(personId) as 'male' | 'female' | undefined) ?? null;

function getTest(db: Db, id: number): DrugTest {
  const row = db.prepare('SELECT * FROM drug_tests WHERE id = ?').get(id) as Row;
  return toTest(row, genderOf(db, row.person_id), goodReasonIndex(db, row.person_id));
}

export function listTests(db: Db, personId: number): DrugTest[] {
  const gender = genderOf(db, personId);
  const reasons = goodReasonIndex(db, personId);
  return (db.prepare('SELECT * FROM drug_tests WHERE person_id = ? ORDER BY date DESC, id DESC').all(personId) as Row[]).map((r) => toTest(r, gender, reasons));
}

/** A test is taken under a running measure (吸毒检测 of a person in community detox or rehab). */
export function createTest(ops: Ops, personId: number, test: z.output<typeof drugTestSchema>): DrugTest {
  const measureId = checkTest(ops, personId, test);
  const id = writeFor(ops, personId, () => {
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO drug_tests (person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, second_tester, collector_female,
             sample_a_number, sample_b_number, place, notes, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          personId,
          measureId,
          test.date,
          test.sample,
          test.mode,
          test.result,
          JSON.stringify(test.substances),
          test.unannounced ? 1 : 0,
          test.tester,
          test.secondTester,
          test.collectorFemale === null ? null : test.collectorFemale ? 1 : 0,
          test.sampleANumber,
          test.sampleBNumber,
          test.place,
          test.notes,
          ops.now.toISOString(),
          ops.actor.displayName ?? ops.actor.username,
        )
        .lastInsertRowid,
    );
    ops.audit({ action: 'tests.create', entity: 'person', entityId: personId, details: { testId: newId, date: test.date, result: test.result } });
    return newId;
  });
  return getTest(ops.db, id);
}

/** The rules a test must meet, whether recorded or corrected: a running measure, not a future date. */
function checkTest(ops: Ops, personId: number, test: z.output<typeof drugTestSchema>): number {
  const { measureId } = requireOpenFile(ops, personId);
  if (measureId === null) throw new HavenError('CONFLICT', { messageKey: 'errors.NO_OPEN_MEASURE' });
  notAfterToday(ops, test.date, 'test.date');
  return measureId;
}

/** The fields a correction may change, as the create input carries them. */
function testInput(t: DrugTest): z.output<typeof drugTestSchema> {
  return {
    date: t.date,
    sample: t.sample,
    mode: t.mode,
    result: t.result,
    substances: t.substances as z.output<typeof drugTestSchema>['substances'],
    unannounced: t.unannounced,
    tester: t.tester,
    secondTester: t.secondTester,
    collectorFemale: t.collectorFemale,
    sampleANumber: t.sampleANumber,
    sampleBNumber: t.sampleBNumber,
    place: t.place,
    notes: t.notes,
  };
}

/**
 * 更正: a test entered wrongly is corrected, with a reason; the audit keeps each changed field's
 * old and new value and the rules are evaluated again. The same rules as recording it.
 */
export function correctTest(ops: Ops, testId: number, test: z.output<typeof drugTestSchema>, reason: string): DrugTest {
  const row = requireRecord<Row>(ops, 'drug_tests', testId, 'errors.RECORD_NOT_FOUND');
  checkTest(ops, row.person_id, test);
  const changes = fieldChanges(testInput(getTest(ops.db, testId)), test);
  if (Object.keys(changes).length === 0) throw new HavenError('VALIDATION', { messageKey: 'errors.NOTHING_CHANGED' });
  writeFor(ops, row.person_id, () => {
    ops.db
      .prepare(
        `UPDATE drug_tests SET date = ?, sample = ?, mode = ?, result = ?, substances = ?, unannounced = ?, tester = ?, second_tester = ?, collector_female = ?,
           sample_a_number = ?, sample_b_number = ?, place = ?, notes = ? WHERE id = ?`,
      )
      .run(
        test.date,
        test.sample,
        test.mode,
        test.result,
        JSON.stringify(test.substances),
        test.unannounced ? 1 : 0,
        test.tester,
        test.secondTester,
        test.collectorFemale === null ? null : test.collectorFemale ? 1 : 0,
        test.sampleANumber,
        test.sampleBNumber,
        test.place,
        test.notes,
        testId,
      );
    ops.audit({ action: 'tests.correct', entity: 'person', entityId: row.person_id, details: { testId, reason, changes } });
  });
  return getTest(ops.db, testId);
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
