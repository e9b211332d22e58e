import { absenceTimeline } from '../absences/service';
import { agreementTimeline } from '../agreements/service';
import { attachmentTimeline } from '../attachments/service';
import { careTimeline } from '../keyCare/service';
import { cleanTimeline } from '../clean/service';
import { contactTimeline } from '../contacts/service';
import { helpTimeline } from '../help/service';
import { riskTimeline } from '../risk/service';
import { testTimeline } from '../tests/service';
import { leaveTimeline } from '../leaves/service';
import { violationTimeline } from '../violations/service';
import { goodReasonTimeline } from '../goodReasons/service';
import { measureTimeline } from '../measures/timeline';
import { personTimeline } from '../persons/timeline';
import type { TimelineSource } from './registry';

/** Every feature's contribution to a person's timeline; a new feature adds its source here. */
export const timelineSources: readonly TimelineSource[] = [
  personTimeline,
  measureTimeline,
  attachmentTimeline,
  testTimeline,
  contactTimeline,
  leaveTimeline,
  absenceTimeline,
  violationTimeline,
  goodReasonTimeline,
  riskTimeline,
  careTimeline,
  helpTimeline,
  cleanTimeline,
  agreementTimeline,
];
