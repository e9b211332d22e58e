/**
 * 人员台账 in and out of Excel: the fields a ledger's columns map to, the headers that suggest
 * them, the limits a file is held to, and what the screens and the command line get back. Pure:
 * the core, the CLI and the renderer share it (the mapping screen suggests with the same function
 * the CLI uses).
 */

/** Fields a column of an imported ledger can fill. Person fields first, then the measure's. */
export const ledgerImportFields = [
  'name',
  'idNumber',
  'gender',
  'birthDate',
  'formerNames',
  'ethnicity',
  'phone',
  'householdAddress',
  'residenceAddress',
  'education',
  'employment',
  'employer',
  'maritalStatus',
  'staff',
  'notes',
  'measureKind',
  'decisionNumber',
  'decisionAuthority',
  'decisionDate',
  'deliveryDate',
  'reportInDate',
  'termMonths',
] as const;
export type LedgerImportField = (typeof ledgerImportFields)[number];

/** The fields that make a measure (责令社区戒毒/康复决定书 and 报到); any of them in a row brings the measure's checks. */
export const ledgerMeasureFields = ['measureKind', 'decisionNumber', 'decisionAuthority', 'decisionDate', 'deliveryDate', 'reportInDate', 'termMonths'] as const satisfies readonly LedgerImportField[];

/** Only checked against the ID number (it decides them), never stored from the sheet. */
export const ledgerCheckedFields = ['gender', 'birthDate'] as const satisfies readonly LedgerImportField[];

/** What an export can hold: every importable field, and what the file computes. */
export const ledgerExportFields = [
  ...ledgerImportFields,
  'age',
  'measureStatus',
  'plannedEnd',
  'riskLevel',
  'station',
  'archived',
] as const;
export type LedgerExportField = (typeof ledgerExportFields)[number];

/** The export's columns unless the user chooses others: everything an import reads back, and the state. */
export const defaultLedgerExportColumns: readonly LedgerExportField[] = [
  'name',
  'idNumber',
  'gender',
  'birthDate',
  'ethnicity',
  'phone',
  'householdAddress',
  'residenceAddress',
  'staff',
  'measureKind',
  'measureStatus',
  'decisionNumber',
  'decisionAuthority',
  'decisionDate',
  'deliveryDate',
  'reportInDate',
  'termMonths',
  'plannedEnd',
  'riskLevel',
];

/** Date-valued fields (written as real Excel dates; read from dates, serials or text). */
export const ledgerDateFields: ReadonlySet<LedgerExportField> = new Set(['birthDate', 'decisionDate', 'deliveryDate', 'reportInDate', 'plannedEnd']);

/** How wide a column is, in Excel's character units (CJK characters count about two). */
export const ledgerColumnWidths: Record<LedgerExportField, number> = {
  name: 12,
  idNumber: 22,
  gender: 6,
  birthDate: 12,
  formerNames: 12,
  ethnicity: 10,
  phone: 15,
  householdAddress: 36,
  residenceAddress: 36,
  education: 12,
  employment: 12,
  employer: 24,
  maritalStatus: 10,
  staff: 12,
  notes: 40,
  measureKind: 12,
  decisionNumber: 22,
  decisionAuthority: 24,
  decisionDate: 12,
  deliveryDate: 12,
  reportInDate: 12,
  termMonths: 10,
  age: 6,
  measureStatus: 10,
  plannedEnd: 12,
  riskLevel: 10,
  station: 14,
  archived: 8,
};

/**
 * Limits a file is held to before and while it is read: a county holds some tens of thousands of
 * persons; a sheet beyond these is refused with a message, never read into memory.
 */
export const LEDGER_LIMITS = {
  /** The .xlsx file on disk. */
  maxFileBytes: 30 * 1024 * 1024,
  /** Data rows of the chosen sheet (below the header row). */
  maxRows: 50_000,
  /** Columns read; later ones are left out (and said so). */
  maxColumns: 100,
  maxSheets: 50,
  /** Characters of one cell. */
  maxCellChars: 2_000,
  /** Cells with content in one sheet (50,000 rows of about 60 filled columns: some 180 MB while read); held in memory while it is read. */
  maxCellsPerSheet: 3_000_000,
  /** The header row is among the first rows. */
  maxHeaderRow: 20,
  /** Rows shown to choose the header row and to preview. */
  sampleRows: 15,
} as const;

/** One column's field, by its 1-based column number. */
export interface LedgerColumnMapping {
  column: number;
  field: LedgerImportField;
}

/** Text as a header is compared: no spaces, colons, asterisks (required marks) or brackets' shape, lower case. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*:：_\-—]/g, '')
    .replace(/[()（）[\]【】]/g, '');
}

/**
 * Headers seen in stations' ledgers, as normalizeHeader leaves them; the export's own headers
 * (both languages) are among them, so an exported ledger maps itself.
 */
export const ledgerHeaderAliases: Record<LedgerImportField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', '戒毒人员姓名', '康复人员姓名', '戒毒康复人员姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '身份证件号码', '身份证号码18位', 'idnumber', 'id'],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '出生年月', '出生年月日', '生日', 'birthdate', 'dateofbirth'],
  formerNames: ['曾用名', '别名', 'formernames', 'formername'],
  ethnicity: ['民族', 'ethnicity'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码', 'phone'],
  householdAddress: ['户籍地', '户籍地址', '户籍所在地', '户口所在地', '户籍地详址', '户籍住址', 'householdaddress', 'registeredaddress'],
  residenceAddress: ['现住址', '现居住地', '居住地址', '现住地址', '实际居住地', '现居住地址', '现居住地详址', '居住地', 'residenceaddress', 'currentaddress'],
  education: ['文化程度', '学历', 'education'],
  employment: ['就业情况', '就业状况', '职业', 'employment'],
  employer: ['工作单位', '就业单位', '单位', '服务处所', 'employer'],
  maritalStatus: ['婚姻状况', '婚姻', 'maritalstatus'],
  staff: ['责任社工', '社工', '专职工作人员', '责任人', '负责社工', 'caseworker', 'staff'],
  notes: ['备注', '说明', 'notes', 'remarks'],
  measureKind: ['措施类型', '措施类别', '措施', '管控类型', '执行措施', 'measure', 'measurekind'],
  decisionNumber: ['决定书文号', '决定书编号', '文号', '决定书号', '决定文书号', 'decisionnumber', 'decisionno.'],
  decisionAuthority: ['决定机关', '决定单位', '作出决定的公安机关', '决定公安机关', 'decisionauthority', 'decidedby'],
  decisionDate: ['决定日期', '决定时间', '责令日期', 'decisiondate', 'decidedon'],
  deliveryDate: ['送达日期', '决定书送达日期', '送达时间', 'deliverydate', 'deliveredon'],
  reportInDate: ['报到日期', '报到时间', '报到日', 'reportindate', 'reportedinon'],
  termMonths: ['期限月', '期限', '期限月数', '执行期限', '执行期限月', 'termmonths', 'term'],
};

/**
 * Suggests a field for each header: what this station mapped before (`remembered`, keyed by the
 * normalised header), else the known headers. A field is given to one column only (the first).
 */
export function suggestMapping(headers: readonly string[], remembered: Readonly<Record<string, LedgerImportField>> = {}): LedgerColumnMapping[] {
  const taken = new Set<LedgerImportField>();
  const out: LedgerColumnMapping[] = [];
  const byAlias = new Map<string, LedgerImportField>();
  for (const field of ledgerImportFields) for (const alias of ledgerHeaderAliases[field]) if (!byAlias.has(alias)) byAlias.set(alias, field);
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    if (key === '') return;
    const field = remembered[key] ?? byAlias.get(key);
    if (field && !taken.has(field)) {
      taken.add(field);
      out.push({ column: index + 1, field });
    }
  });
  return out;
}

/**
 * The sheet to offer first: of the visible sheets, the one whose headers the station's fields fit
 * best (a ledger often follows a sheet of notes); on a tie the first. A hidden sheet is never
 * offered (it may hold old data or code lists nobody sees); null when every sheet is hidden.
 */
export function suggestSheet(sheets: readonly Pick<LedgerSheetView, 'name' | 'hidden' | 'sample'>[], remembered: Readonly<Record<string, LedgerImportField>> = {}): string | null {
  let best: { name: string; hits: number } | null = null;
  for (const sheet of sheets) {
    if (sheet.hidden) continue;
    const hits = suggestMapping(sheet.sample[suggestHeaderRow(sheet.sample, remembered) - 1] ?? [], remembered).length;
    if (!best || hits > best.hits) best = { name: sheet.name, hits };
  }
  return best?.name ?? null;
}

/** The header row: the first of the sample's rows where at least two headers are known. */
export function suggestHeaderRow(sample: readonly (readonly string[])[], remembered: Readonly<Record<string, LedgerImportField>> = {}): number {
  let best = { row: 1, hits: 0 };
  sample.slice(0, LEDGER_LIMITS.maxHeaderRow).forEach((cells, index) => {
    const hits = suggestMapping(cells, remembered).length;
    if (hits > best.hits) best = { row: index + 1, hits };
  });
  return best.row;
}

/** Spreadsheet column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** One problem of one row: the sheet's row number, the column and field (when one is to blame), and the words. */
export interface LedgerProblem {
  row: number;
  column: number | null;
  field: LedgerImportField | null;
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface LedgerSheetView {
  name: string;
  /** Hidden in Excel (hidden or very hidden): shown as such, never chosen for the user. */
  hidden: boolean;
  /** The last row with content (up to the row limit). */
  lastRow: number;
  /** More rows than an import takes. */
  tooManyRows: boolean;
  /** Columns beyond the limit were left out. */
  tooManyColumns: boolean;
  /** The first rows' cells as text, to choose the header row and see the data. */
  sample: string[][];
}

export interface LedgerInspectView {
  fileName: string;
  bytes: number;
  sha256: string;
  sheets: LedgerSheetView[];
  /** Header → field mapped at this station before (normalised headers). */
  remembered: Record<string, LedgerImportField>;
}

export type LedgerRowOutcome = 'create' | 'update' | 'unchanged' | 'invalid';

/** One field's old and new value as the import would change it (ID numbers masked). */
export interface LedgerFieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface LedgerRowView {
  row: number;
  outcome: LedgerRowOutcome;
  name: string;
  idNumberMasked: string;
  /** The existing file this row matches (by ID number). */
  personId: number | null;
  /** Person fields changed (updates) and what happens to the measure. */
  changes: LedgerFieldChange[];
  measure: 'create' | 'update' | 'report_in' | null;
  problems: LedgerProblem[];
}

export interface LedgerCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  invalid: number;
  measuresCreated: number;
  measuresUpdated: number;
  reportIns: number;
}

export interface LedgerPreviewView {
  sha256: string;
  sheet: string;
  headerRow: number;
  counts: LedgerCounts;
  /** Every bad row's problems, in row order, up to `problemLimit`; `problemsTotal` says how many there are. */
  problems: LedgerProblem[];
  problemsTotal: number;
  /** The first rows as they would be imported, then every changed or bad row (up to a limit). */
  rows: LedgerRowView[];
  /** An .xlsx of the bad rows with a reason column, waiting for `shell:saveSpreadsheet`; null when none is bad. */
  errorReport: { jobId: string; fileName: string } | null;
}

export interface LedgerImportView {
  counts: LedgerCounts;
  sheet: string;
  fileName: string;
}

export interface LedgerExportView {
  jobId: string;
  fileName: string;
  rows: number;
}
