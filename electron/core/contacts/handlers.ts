import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctContact, createContact, listContacts, removeContact } from './service';

export const contactsHandlers = {
  'contacts:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listContacts(ctx.db, input.personId);
  },
  'contacts:create': (input, ctx) => createContact(opsFromSession(ctx), input.personId, input.contact),
  'contacts:correct': (input, ctx) => correctContact(opsFromSession(ctx), input.contactId, input.contact, input.reason),
  'contacts:remove': (input, ctx) => removeContact(opsFromSession(ctx), input.contactId, input.reason),
} satisfies FeatureHandlers;
