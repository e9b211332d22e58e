import { absencesHandlers } from './absences/handlers';
import { worklistHandlers } from './worklist/handlers';
import { agreementsHandlers } from './agreements/handlers';
import { attachmentsHandlers } from './attachments/handlers';
import { printHandlers } from './print/handlers';
import { keyCareHandlers } from './keyCare/handlers';
import { cleanHandlers } from './clean/handlers';
import { helpHandlers } from './help/handlers';
import { riskHandlers } from './risk/handlers';
import { contactsHandlers } from './contacts/handlers';
import { testsHandlers } from './tests/handlers';
import { leavesHandlers } from './leaves/handlers';
import { violationsHandlers } from './violations/handlers';
import { goodReasonsHandlers } from './goodReasons/handlers';
import { timelineHandlers } from './timeline/handlers';
import { schedulesHandlers } from './schedules/handlers';
import { auditHandlers } from './audit/handlers';
import { bundlesHandlers } from './bundles/handlers';
import { authHandlers } from './auth/handlers';
import { joinHandlers } from './kernel/registry';
import { keysHandlers } from './keys/handlers';
import { measuresHandlers } from './measures/handlers';
import { personsHandlers } from './persons/handlers';
import { settingsHandlers } from './settings/handlers';
import { setupHandlers } from './setup/handlers';
import { usersHandlers } from './users/handlers';
import { ratesHandlers } from './rates/handlers';
import { reportsHandlers } from './reports/handlers';
import { backupsHandlers } from './backups/handlers';
import { ledgerHandlers } from './ledger/handlers';
import { draftsHandlers } from './drafts/handlers';

/** Every feature's handlers, joined once; add a feature by adding its map here. */
export const handlers = joinHandlers(
  setupHandlers,
  authHandlers,
  usersHandlers,
  settingsHandlers,
  keysHandlers,
  auditHandlers,
  personsHandlers,
  timelineHandlers,
  measuresHandlers,
  attachmentsHandlers,
  testsHandlers,
  contactsHandlers,
  leavesHandlers,
  absencesHandlers,
  violationsHandlers,
  goodReasonsHandlers,
  worklistHandlers,
  schedulesHandlers,
  riskHandlers,
  keyCareHandlers,
  helpHandlers,
  ratesHandlers,
  reportsHandlers,
  backupsHandlers,
  cleanHandlers,
  agreementsHandlers,
  printHandlers,
  bundlesHandlers,
  ledgerHandlers,
  draftsHandlers,
);
