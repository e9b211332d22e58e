import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctTest, createTest, listTests, removeTest } from './service';

export const testsHandlers = {
  'tests:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listTests(ctx.db, input.personId);
  },
  'tests:create': (input, ctx) => createTest(opsFromSession(ctx), input.personId, input.test),
  'tests:correct': (input, ctx) => correctTest(opsFromSession(ctx), input.testId, input.test, input.reason),
  'tests:remove': (input, ctx) => removeTest(opsFromSession(ctx), input.testId, input.reason),
} satisfies FeatureHandlers;
