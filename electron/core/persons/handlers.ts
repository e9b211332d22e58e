import type { PersonDetail, PersonListPage } from '../../../shared/domain/persons';
import type { FeatureHandlers } from '../kernel/context';
import { toMeasureDetail, findMeasureRow } from '../measures/repo';
import { opsFromSession, type Ops } from '../kernel/ops';
import { listPersons } from './list';
import { activeCareCategories, findByIdNumber, rowToPersonDetail } from './repo';
import { refuseWhileBreachUnreported } from '../kernel/breaches';
import { archivePerson, createPerson, purgePerson, requirePerson, unarchivePerson, updatePerson } from './service';

export function personDetail(ops: Ops, personId: number): PersonDetail {
  const row = requirePerson(ops, personId);
  const measure = row.current_measure_id ? findMeasureRow(ops.db, row.current_measure_id) : undefined;
  return { ...rowToPersonDetail(row, ops.today, activeCareCategories(ops.db, personId, ops.today)), currentMeasure: measure ? toMeasureDetail(ops.db, measure, ops.today) : null };
}

/** At most this many files found by a number fragment are each named in the audit log. */
const NAMED_MATCHES = 5;

/**
 * A search by a piece of an ID or phone number answers, for the files it finds, digits the list
 * hides: tried window by window it would tell a whole number without anyone opening the file.
 * Any such piece the number index sees is accounted for — three characters with a digit among
 * them, the trigram index's shortest (listPersons): each file found, when a few are (a search that
 * narrows to one person is a look at that file), otherwise one event with how many. The digits
 * themselves are not stored: an ID number in the log would be a copy of it.
 */
function auditNumberSearch(ops: Ops, query: string, page: PersonListPage): void {
  const text = query.replace(/\s+/g, '');
  if ([...text].length < 3 || page.total === 0) return;
  const digits = text.match(/\d+/g);
  if (!digits) return;
  const details = { digits: Math.max(...digits.map((d) => d.length)), found: page.total };
  if (page.total <= NAMED_MATCHES) {
    for (const row of page.rows.slice(0, NAMED_MATCHES)) ops.audit({ action: 'persons.searchByNumber', entity: 'person', entityId: row.id, details });
  } else {
    ops.audit({ action: 'persons.searchByNumber', details });
  }
}

export const personsHandlers = {
  'persons:list': (input, ctx) => {
    const ops = opsFromSession(ctx);
    const page = listPersons(ctx.db, input, ops.today);
    // The first page is the search; the list's later pages (scrolling) are the same search.
    if (input.offset === 0) auditNumberSearch(ops, input.query, page);
    return page;
  },

  // Every opening of a file is accounted for.
  'persons:get': (input, ctx) => {
    const ops = opsFromSession(ctx);
    const detail = personDetail(ops, input.personId);
    ops.audit({ action: 'persons.view', entity: 'person', entityId: input.personId });
    return detail;
  },

  // Not an opening: only what records change, for the header of a file already open.
  'persons:status': (input, ctx) => {
    const d = personDetail(opsFromSession(ctx), input.personId);
    return {
      id: d.id,
      riskLevel: d.riskLevel,
      careCategories: d.careCategories,
      currentMeasure: d.currentMeasure,
      breastfeedingActive: d.breastfeedingActive,
      archivedAt: d.archivedAt,
      archivedReason: d.archivedReason,
      photoAttachmentId: d.photoAttachmentId,
      updatedAt: d.updatedAt,
    };
  },

  'persons:revealId': (input, ctx) => {
    const ops = opsFromSession(ctx);
    const row = requirePerson(ops, input.personId);
    ops.audit({ action: 'persons.revealId', entity: 'person', entityId: input.personId });
    return { idNumber: row.id_number };
  },

  'persons:findByIdNumber': (input, ctx) => {
    const found = findByIdNumber(ctx.db, input.idNumber.replace(/\s/g, '').toUpperCase());
    // A full ID number answered with a name is a look at a file: accounted for like one.
    if (found) opsFromSession(ctx).audit({ action: 'persons.findByIdNumber', entity: 'person', entityId: found.id });
    return found ? { personId: found.id, name: found.name, archived: found.archived_at !== null } : null;
  },

  'persons:create': (input, ctx) => ({ personId: createPerson(opsFromSession(ctx), input.person) }),

  'persons:update': (input, ctx) => {
    const ops = opsFromSession(ctx);
    updatePerson(ops, input.personId, input.person);
    return personDetail(ops, input.personId);
  },

  'persons:archive': (input, ctx) => {
    const ops = opsFromSession(ctx);
    // An archived file leaves the worklist: not while a serious breach of it waits for the police.
    refuseWhileBreachUnreported(ctx.db, input.personId, ops.today, 'errors.ARCHIVE_WITH_UNREPORTED_BREACH');
    archivePerson(ops, input.personId, input.reason);
  },

  'persons:unarchive': (input, ctx) => unarchivePerson(opsFromSession(ctx), input.personId),

  'persons:purge': (input, ctx) => purgePerson(opsFromSession(ctx), input.personId, input.confirmName, input.reason),
} satisfies FeatureHandlers;
