import { measureActions } from '../domain/measures';
import type { InputOf } from './contract';

/**
 * Every action the audit log can record. `AuditEntry.action` is typed by this list, so an event
 * with an action not named here does not compile, and a test fails when one of them has no words
 * in either language (`audit.actions.<action>`). Families built from an enumeration are built
 * from it here too (a new measure transition or printed document is a new action at once).
 */
const printedDocuments = ['caseFile', 'agreement', 'leaveForm', 'reportIn', 'measureEnd', 'keySheet', 'auditReceipt', 'accessHistory'] as const satisfies readonly InputOf<'print:render'>['document'][];

/** Compile-time check that the list above names every printable document. */
type MissingDocument = Exclude<InputOf<'print:render'>['document'], (typeof printedDocuments)[number]>;
const everyDocumentListed: MissingDocument extends never ? true : never = true;
void everyDocumentListed;

const fixedActions = [
  'setup.create',
  'access.denied',
  'auth.login',
  'auth.loginFailed',
  'auth.recoverFailed',
  'auth.cliLogin',
  'auth.logout',
  'auth.lock',
  'auth.recover',
  'auth.changePassword',
  'users.create',
  'users.update',
  'users.resetPassword',
  'users.disable',
  'users.enable',
  'settings.update',
  'schedules.update',
  'riskTable.update',
  'keys.rotateMasterKey',
  'keys.rawKey',
  'keys.newRecoveryKey',
  'audit.verifyAnchor',
  'audit.export',
  'db.recoverWal',
  'db.damageFound',
  'backup.create',
  'demo.generate',
  'persons.create',
  'persons.update',
  'persons.view',
  'persons.revealId',
  'persons.findByIdNumber',
  'persons.archive',
  'persons.unarchive',
  'persons.purge',
  'measures.create',
  'measures.update',
  'measures.setWorkingGroup',
  'measures.recordDischargeNotice',
  'attachments.add',
  'attachments.view',
  'attachments.remove',
  'tests.create',
  'tests.correct',
  'tests.remove',
  'contacts.create',
  'contacts.correct',
  'contacts.remove',
  'leaves.request',
  'leaves.register',
  'leaves.approve',
  'leaves.reject',
  'leaves.return',
  'leaves.cancel',
  'absences.create',
  'absences.end',
  'absences.correct',
  'absences.remove',
  'violations.create',
  'violations.reportToPolice',
  'goodReasons.create',
  'goodReasons.remove',
  'alerts.dismiss',
  'risk.assess',
  'care.add',
  'care.update',
  'care.remove',
  'help.createPlan',
  'help.updatePlan',
  'help.approvePlan',
  'help.rejectPlan',
  'help.addItem',
  'help.updateItem',
  'help.removeItem',
  'clean.endDynamicControl',
  'agreements.generate',
  'agreements.sign',
  'agreements.void',
  'agreements.attachScan',
  'agreements.saveTemplate',
  'bundles.keys.create',
  'bundles.recipients.add',
  'bundles.export',
  'bundles.import.accepted',
  'bundles.import.refused',
  'bundles.import.duplicate',
  'bundles.stationKeyReplaced',
  'bundles.auditAnchorFlagged',
  'ledger.inspect',
  'ledger.preview',
  'ledger.import',
  'ledger.export',
  'ledger.exportWorklist',
] as const;

export const auditActions = [
  ...fixedActions,
  ...measureActions.map((a) => `measures.${a}` as const),
  ...printedDocuments.map((d) => `print.${d}` as const),
] as const;

export type AuditAction = (typeof auditActions)[number];
