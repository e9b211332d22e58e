import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { addItem, correctItem, createPlan, decidePlan, helpStats, listPlans, removeItem, updateItem, updatePlan } from './service';

export const helpHandlers = {
  'help:listPlans': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listPlans(ctx.db, input.personId);
  },
  'help:createPlan': (input, ctx) => createPlan(opsFromSession(ctx), input.personId, input.plan),
  'help:updatePlan': (input, ctx) => updatePlan(opsFromSession(ctx), input.planId, input.plan),
  'help:decidePlan': (input, ctx) => decidePlan(opsFromSession(ctx), input),
  'help:addItem': (input, ctx) => addItem(opsFromSession(ctx), input.planId, input.item),
  'help:updateItem': (input, ctx) => updateItem(opsFromSession(ctx), input.itemId, input.item),
  'help:correctItem': (input, ctx) => correctItem(opsFromSession(ctx), input.itemId, input.item, input.reason),
  'help:removeItem': (input, ctx) => removeItem(opsFromSession(ctx), input.itemId, input.reason),
  'help:stats': (input, ctx) => helpStats(ctx.db, input.from, input.to),
} satisfies FeatureHandlers;
