import type { FeatureHandlers } from '../kernel/context';

/** Dialog drafts live in the session's memory (kernel/drafts.ts); nothing here touches the database. */
export const draftsHandlers = {
  'drafts:save': (input, ctx) => {
    ctx.drafts.save(input.key, input.text);
  },
  'drafts:take': (input, ctx) => ctx.drafts.take(input.key),
} satisfies FeatureHandlers;
