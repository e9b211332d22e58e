import type { PersonDetail } from '../../../../shared/domain/persons';
import type { PersonData } from '../../../../shared/schemas/person';

type Contact = PersonData['familyContacts'][number];

/**
 * The form's values: the file's fields, except that a new contact's relation starts unchosen
 * (the schema then asks for it) instead of a guess.
 */
export type PersonFormValues = Omit<PersonData, 'familyContacts'> & {
  familyContacts: (Omit<Contact, 'relation'> & { relation: Contact['relation'] | null })[];
};

/** What a new file's form starts with: every field present, nothing chosen. */
export const emptyPerson: PersonFormValues = {
  name: '',
  formerNames: '',
  idNumber: '',
  ethnicity: null,
  phone: '',
  householdAddress: '',
  residenceAddress: '',
  education: null,
  employment: null,
  employer: '',
  maritalStatus: null,
  familyContacts: [],
  drugHistory: { substances: [], method: null, firstUseDate: null, priorEpisodes: 0, priorMeasures: '' },
  pregnant: false,
  breastfeedingInfant: false,
  infantBirthDate: null,
  staffUserId: null,
  notes: '',
};

/** The editable fields of an opened file; the full ID number comes from persons:revealId. */
export function personToValues(person: PersonDetail, idNumber: string): PersonFormValues {
  return {
    name: person.name,
    formerNames: person.formerNames,
    idNumber,
    ethnicity: person.ethnicity,
    phone: person.phone,
    householdAddress: person.householdAddress,
    residenceAddress: person.residenceAddress,
    education: person.education,
    employment: person.employment,
    employer: person.employer,
    maritalStatus: person.maritalStatus,
    familyContacts: person.familyContacts.map((c) => ({ ...c })),
    drugHistory: { ...person.drugHistory, substances: [...person.drugHistory.substances] },
    pregnant: person.pregnant,
    breastfeedingInfant: person.breastfeedingInfant,
    infantBirthDate: person.infantBirthDate,
    staffUserId: person.staffUserId,
    notes: person.notes,
  };
}
