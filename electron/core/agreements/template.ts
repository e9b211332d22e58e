import { agreementPlaceholders, agreementSections, type AgreementPlaceholder, type AgreementSection } from '../../../shared/domain/agreements';
import { HavenError } from '../../../shared/ipc/errors';
import { lastReportedOn } from '../../../shared/domain/measures';
import { translate } from '../../../shared/i18n/translate';
import type { Db } from '../kernel/db/database';
import { findMeasureRow, toMeasureDetail } from '../measures/repo';
import { findPersonRow } from '../persons/repo';
import { getStation } from '../kernel/settings';

const PLACEHOLDERS = agreementPlaceholders;
type Placeholder = AgreementPlaceholder;

const PATTERN = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Refuses a template that names a placeholder Haven does not know (a typo would print literally). */
export function checkTemplate(body: string): void {
  const unknown = [...body.matchAll(PATTERN)].map((m) => m[1] as string).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new HavenError('VALIDATION', { fields: { body: 'validation.templatePlaceholder' }, params: { names: [...new Set(unknown)].join('、') } });
  }
}

/**
 * RR art. 16 (and art. 38 for 社区康复): the agreement states the concrete measures, the rules the
 * person must keep, and the liability for breaking them. A template says each under a heading
 * ("一、…", "（二）…" or a line of its own); one without all three cannot be published.
 */
export function missingSections(body: string): AgreementSection[] {
  const headings = body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+条|（[一二三四五六七八九十]+）)/.test(line) && line.length <= 40);
  return agreementSections.filter((section) => !headings.some((h) => SECTION_WORDS[section].some((word) => h.includes(word))));
}

const SECTION_WORDS: Record<AgreementSection, string[]> = {
  measures: ['措施'],
  obligations: ['遵守', '义务'],
  liability: ['责任'],
};

export function checkRequiredSections(body: string): void {
  const missing = missingSections(body);
  if (missing.length > 0) {
    throw new HavenError('VALIDATION', {
      messageKey: 'errors.TEMPLATE_SECTION_MISSING',
      params: { sections: missing.join(',') },
      fields: { body: 'validation.templateSectionMissing' },
    });
  }
}

export function fillTemplate(body: string, values: Record<Placeholder, string>): string {
  return body.replace(PATTERN, (_, name: string) => values[name as Placeholder] ?? '');
}

const blank = (value: string | null | undefined) => (value && value.trim() !== '' ? value : '________');

/** The words for every placeholder, from the person, the measure, its working group and the station. */
export function agreementValues(db: Db, measureId: number, today: string): Record<Placeholder, string> {
  const measureRow = findMeasureRow(db, measureId);
  if (!measureRow) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  const person = findPersonRow(db, measureRow.person_id);
  if (!person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  const measure = toMeasureDetail(db, measureRow, today);
  const t = (key: string) => translate('zh-CN', key);
  const years = measure.termMonths % 12 === 0 ? `${['', '一', '两', '三'][measure.termMonths / 12]}年` : `${measure.termMonths} 个月`;
  return {
    'station.name': getStation(db).name,
    'person.name': person.name,
    'person.gender': t(`ref.gender.${person.gender}`),
    'person.birthDate': person.birth_date,
    'person.idNumber': person.id_number,
    'person.householdAddress': blank(person.household_address),
    'person.residenceAddress': blank(person.residence_address),
    'person.phone': blank(person.phone),
    'measure.kind': t(`measure.kind.${measure.kind}`),
    'measure.decisionNumber': measure.decisionNumber,
    'measure.decisionAuthority': measure.decisionAuthority,
    'measure.decisionDate': measure.decisionDate,
    'measure.deliveryDate': measure.deliveryDate,
    'measure.reportInDate': blank(measure.reportInDate),
    'measure.localReportInDate': blank(lastReportedOn(measure.reportIns, measure.reportInDate)),
    'measure.termText': years,
    'measure.plannedEnd': blank(measure.plannedEnd),
    'measure.creditNote': measure.creditedDays > 0 ? translate('zh-CN', 'measure.creditNote', { days: measure.creditedDays }) : '',
    'group.list':
      measure.workingGroup.length > 0
        ? measure.workingGroup.map((m) => `${t(`measure.groupRole.${m.role}`)}${m.name}`).join('、')
        : '________',
    today,
  };
}
