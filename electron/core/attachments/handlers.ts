import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { addAttachment, listAttachments, readAttachment, removeAttachment } from './service';

export const attachmentsHandlers = {
  'attachments:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listAttachments(ctx.db, input.personId);
  },
  'attachments:add': (input, ctx) => addAttachment(opsFromSession(ctx), input),
  'attachments:get': (input, ctx) => readAttachment(opsFromSession(ctx), input.attachmentId),
  'attachments:remove': (input, ctx) => removeAttachment(opsFromSession(ctx), input.attachmentId, input.reason),
} satisfies FeatureHandlers;
