import { attachmentTimeline } from '../attachments/service';
import { measureTimeline } from '../measures/timeline';
import { personTimeline } from '../persons/timeline';
import type { TimelineSource } from './registry';

/** Every feature's contribution to a person's timeline; a new feature adds its source here. */
export const timelineSources: readonly TimelineSource[] = [personTimeline, measureTimeline, attachmentTimeline];
