/**
 * Each long job's title on the progress bar (the core's `jobs.run` names; a unit test finds
 * them in the core and fails when one has none here).
 */
export const JOB_TITLES = {
  'bundles:export': 'jobs.title.bundlesExport',
  'bundles:import': 'jobs.title.bundlesImport',
  'worklist:evaluate': 'jobs.title.worklistEvaluate',
  'keys:rotateMasterKey': 'jobs.title.keysRotate',
  'ledger:inspect': 'jobs.title.ledgerInspect',
  'ledger:preview': 'jobs.title.ledgerPreview',
  'ledger:import': 'jobs.title.ledgerImport',
  'ledger:export': 'jobs.title.ledgerExport',
  'ledger:exportWorklist': 'jobs.title.ledgerExportWorklist',
  'backups:run': 'jobs.title.backupsRun',
  'backups:scheduled': 'jobs.title.backupsScheduled',
  'backups:inspect': 'jobs.title.backupsInspect',
  'backups:restore': 'jobs.title.backupsRestore',
} as const;

/** Jobs whose heavy part runs in a thread of its own: the core answers meanwhile, so other work goes on. */
export const BESIDE_OTHER_WORK: ReadonlySet<string> = new Set(['worklist:evaluate', 'backups:run', 'backups:scheduled']);
