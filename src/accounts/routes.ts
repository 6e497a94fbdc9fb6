import { z } from 'zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { IdParamsSchema } from '../platform/validation.js';
import {
  AccountFacetsSchema,
  AccountPageSchema,
  AccountSchema,
  ContactPageSchema,
  ContactSchema,
  CreateAccountSchema,
  CreateContactSchema,
  ListAccountsQuerySchema,
  ListContactsQuerySchema,
  UpdateAccountSchema,
  UpdateContactSchema,
} from './schemas.js';
import { createAccount } from './create-account.js';
import { getAccount } from './get-account.js';
import { updateAccount } from './update-account.js';
import { archiveAccount } from './archive-account.js';
import { listAccountFacets, listAccounts } from './list-accounts.js';
import { createContact } from './create-contact.js';
import { getContact } from './get-contact.js';
import { updateContact } from './update-contact.js';
import { deleteContact } from './delete-contact.js';
import { listContacts } from './list-contacts.js';

const accountsTag = ['accounts'];
const contactsTag = ['contacts'];

export const accountRoutes: RoutesPlugin = (app, { deps }) => {
  app.get(
    '/api/accounts',
    { schema: { tags: accountsTag, summary: 'List accounts: filter, sort, page with a cursor', querystring: ListAccountsQuerySchema, response: { 200: AccountPageSchema } } },
    async (request) => listAccounts(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/accounts/facets',
    { schema: { tags: accountsTag, summary: 'Categories and statuses with counts (filter options)', response: { 200: AccountFacetsSchema } } },
    async (request) => listAccountFacets(deps, actorOf(request)),
  );
  app.post(
    '/api/accounts',
    { schema: { tags: accountsTag, summary: 'Create an account', body: CreateAccountSchema, response: { 201: AccountSchema } } },
    async (request, reply) => reply.status(201).send(await createAccount(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/accounts/:id',
    { schema: { tags: accountsTag, summary: 'Get an account', params: IdParamsSchema, response: { 200: AccountSchema } } },
    async (request) => getAccount(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/accounts/:id',
    { schema: { tags: accountsTag, summary: 'Change an account (archived: false restores it)', params: IdParamsSchema, body: UpdateAccountSchema, response: { 200: AccountSchema } } },
    async (request) => updateAccount(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/accounts/:id',
    { schema: { tags: accountsTag, summary: 'Archive an account (restore with PATCH archived: false)', params: IdParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await archiveAccount(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/accounts/:id/contacts',
    { schema: { tags: contactsTag, summary: "An account's contacts", params: IdParamsSchema, querystring: ListContactsQuerySchema, response: { 200: ContactPageSchema } } },
    async (request) => listContacts(deps, actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/api/accounts/:id/contacts',
    { schema: { tags: contactsTag, summary: 'Add a contact to an account', params: IdParamsSchema, body: CreateContactSchema, response: { 201: ContactSchema } } },
    async (request, reply) => reply.status(201).send(await createContact(deps, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/contacts/:id',
    { schema: { tags: contactsTag, summary: 'Get a contact', params: IdParamsSchema, response: { 200: ContactSchema } } },
    async (request) => getContact(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/contacts/:id',
    { schema: { tags: contactsTag, summary: 'Change a contact (status left records the date)', params: IdParamsSchema, body: UpdateContactSchema, response: { 200: ContactSchema } } },
    async (request) => updateContact(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/contacts/:id',
    { schema: { tags: contactsTag, summary: 'Delete a contact for good (mark them left to keep history)', params: IdParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteContact(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
