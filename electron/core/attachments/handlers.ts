import type { FeatureHandlers } from '../ipc/context';
import { opsFromSession } from '../ops';
import { requirePerson } from '../persons/service';
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
