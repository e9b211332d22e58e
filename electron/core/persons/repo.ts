import type { PersonDetail } from '../../../shared/domain/persons';
import type { PersonData } from '../../../shared/schemas/person';
import { ageOn, maskIdNumber } from '../../../shared/domain/idNumber';
import { addDays, addMonths } from '../../../shared/domain/dates';
import type { Db } from '../kernel/db/database';
import type { RiskLevel } from '../../../shared/domain/supervision';
import type { CareCategory } from '../../../shared/domain/care';
import { nameSearchKeys } from './pinyin';

export interface PersonRow {
  id: number;
  name: string;
  former_names: string;
  id_number: string;
  birth_date: string;
  gender: 'male' | 'female';
  ethnicity: string | null;
  phone: string;
  household_address: string;
  residence_address: string;
  education: string | null;
  employment: string | null;
  employer: string;
  marital_status: string | null;
  family_contacts: string;
  drug_history: string;
  pregnant: number;
  breastfeeding_infant: number;
  infant_birth_date: string | null;
  staff_user_id: number | null;
  notes: string;
  photo_attachment_id: number | null;
  current_measure_id: number | null;
  archived_at: string | null;
  archived_reason: string | null;
  created_at: string;
  updated_at: string;
  staff_name?: string | null;
  risk_level: RiskLevel | null;
  origin_station: string | null;
  origin_staff_name: string | null;
}

/** The stored columns of the editable fields; derived ones (birth date, gender, pinyin) are added by the caller. */
export function personToRow(person: PersonData) {
  const keys = nameSearchKeys(person.name);
  return {
    name: person.name,
    former_names: person.formerNames,
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    id_number: person.idNumber,
    ethnicity: person.ethnicity,
    phone: person.phone,
    household_address: person.householdAddress,
    residence_address: person.residenceAddress,
    education: person.education,
    employment: person.employment,
    employer: person.employer,
    marital_status: person.maritalStatus,
    family_contacts: JSON.stringify(person.familyContacts),
    drug_history: JSON.stringify(person.drugHistory),
    pregnant: person.pregnant ? 1 : 0,
    breastfeeding_infant: person.breastfeedingInfant ? 1 : 0,
    infant_birth_date: person.breastfeedingInfant ? person.infantBirthDate : null,
    staff_user_id: person.staffUserId,
    notes: person.notes,
  };
}

/** The editable fields as the form holds them (used for field-level change history). */
export function rowToPersonData(row: PersonRow): PersonData {
  return {
    name: row.name,
    formerNames: row.former_names,
    idNumber: row.id_number,
    ethnicity: row.ethnicity as PersonData['ethnicity'],
    phone: row.phone,
    householdAddress: row.household_address,
    residenceAddress: row.residence_address,
    education: row.education as PersonData['education'],
    employment: row.employment as PersonData['employment'],
    employer: row.employer,
    maritalStatus: row.marital_status as PersonData['maritalStatus'],
    familyContacts: JSON.parse(row.family_contacts) as PersonData['familyContacts'],
    drugHistory: JSON.parse(row.drug_history) as PersonData['drugHistory'],
    pregnant: row.pregnant === 1,
    breastfeedingInfant: row.breastfeeding_infant === 1,
    infantBirthDate: row.infant_birth_date,
    staffUserId: row.staff_user_id,
    notes: row.notes,
  };
}

/** The last day the infant is under one year old (AL art. 39 "不满一周岁"). */
export function breastfeedingUntil(infantBirthDate: string | null): string | null {
  return infantBirthDate === null ? null : addDays(addMonths(infantBirthDate, 12), -1);
}

export function rowToPersonDetail(row: PersonRow, today: string, careCategories: CareCategory[]): Omit<PersonDetail, 'currentMeasure'> {
  const { idNumber: _hidden, ...data } = rowToPersonData(row);
  const age = ageOn(row.birth_date, today);
  return {
    ...data,
    id: row.id,
    idNumberMasked: maskIdNumber(row.id_number),
    birthDate: row.birth_date,
    gender: row.gender,
    age,
    under16: age < 16,
    breastfeedingUntil: breastfeedingUntil(row.infant_birth_date),
    breastfeedingActive: row.breastfeeding_infant === 1 && row.infant_birth_date !== null && today < addMonths(row.infant_birth_date, 12),
    staffName: row.staff_name ?? row.origin_staff_name ?? null,
    station: row.origin_station,
    riskLevel: row.risk_level,
    careCategories,
    photoAttachmentId: row.photo_attachment_id,
    archivedAt: row.archived_at,
    archivedReason: row.archived_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function findPersonRow(db: Db, id: number): PersonRow | undefined {
  return db
    .prepare(
      `SELECT p.*, u.display_name AS staff_name FROM persons p LEFT JOIN users u ON u.id = p.staff_user_id WHERE p.id = ?`,
    )
    .get(id) as PersonRow | undefined;
}

export function findByIdNumber(db: Db, idNumber: string): { id: number; name: string; archived_at: string | null } | undefined {
  return db.prepare('SELECT id, name, archived_at FROM persons WHERE id_number = ?').get(idNumber) as
    | { id: number; name: string; archived_at: string | null }
    | undefined;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone ? '****' : '';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 重点关爱 categories in force on `day`. */
export function activeCareCategories(db: Db, personId: number, day: string): CareCategory[] {
  return db
    .prepare('SELECT DISTINCT category FROM care_flags WHERE person_id = ? AND since <= ? AND (until IS NULL OR until >= ?) ORDER BY category')
    .pluck()
    .all(personId, day, day) as CareCategory[];
}
