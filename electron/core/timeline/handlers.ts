import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { buildTimeline } from './registry';
import { timelineSources } from './sources';

/** The timeline is a view: it composes every feature's source (timeline/sources.ts). */
export const timelineHandlers = {
  'timeline:person': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return buildTimeline(ctx.db, input.personId, timelineSources);
  },
} satisfies FeatureHandlers;
