import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { IdParamsSchema } from '../platform/validation.js';
import { TouchpointSchema } from '../touchpoints/schemas.js';
import { AssignUnmatchedMailSchema, IntakeAddressSchema, ListUnmatchedMailsQuerySchema, UnmatchedMailPageSchema, UnmatchedMailSchema, type IntakeAddressView } from './schemas.js';
import { getIntakeAddress } from './get-intake-address.js';
import { rotateIntakeAddress } from './rotate-intake-address.js';
import { listUnmatchedMails } from './list-unmatched-mails.js';
import { assignUnmatchedMail } from './assign-unmatched-mail.js';
import { discardUnmatchedMail } from './discard-unmatched-mail.js';

const tags = ['intake'];

export const intakeRoutes: RoutesPlugin = (app, { deps, config }) => {
  const domain = config.RAPPORT_MAIL_DOMAIN;
  const present = ({ address }: { address: string }): IntakeAddressView => ({
    address,
    domain,
    smtp: { enabled: config.RAPPORT_SMTP_PORT > 0, host: config.RAPPORT_SMTP_HOST ?? config.HOST, port: config.RAPPORT_SMTP_PORT },
  });

  // The address is a credential for writing into the workspace: members and up only.
  app.get(
    '/api/intake/address',
    { config: { access: 'member' }, schema: { tags, summary: "The workspace's secret e-mail intake address (made on first use)", response: { 200: IntakeAddressSchema } } },
    async (request) => present(await getIntakeAddress(deps, actorOf(request), { domain })),
  );
  app.post(
    '/api/intake/address/rotate',
    { config: { access: 'admin' }, schema: { tags, summary: 'Replace the intake address; the old one is refused from now on', response: { 200: IntakeAddressSchema } } },
    async (request) => present(await rotateIntakeAddress(deps, actorOf(request), { domain })),
  );
  app.get(
    '/api/intake/unmatched',
    {
      config: { access: 'member' },
      schema: { tags, summary: 'Mail that matched no contact, newest first (pending unless asked)', querystring: ListUnmatchedMailsQuerySchema, response: { 200: UnmatchedMailPageSchema } },
    },
    async (request) => listUnmatchedMails(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/intake/unmatched/:id/assign',
    {
      config: { access: 'member' },
      schema: { tags, summary: 'Log an unmatched mail on an account (201: the touchpoint made)', params: IdParamsSchema, body: AssignUnmatchedMailSchema, response: { 201: TouchpointSchema } },
    },
    async (request, reply) => reply.status(201).send(await assignUnmatchedMail(deps, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/intake/unmatched/:id/discard',
    { config: { access: 'member' }, schema: { tags, summary: 'Take an unmatched mail off the queue without logging it', params: IdParamsSchema, response: { 200: UnmatchedMailSchema } } },
    async (request) => discardUnmatchedMail(deps, actorOf(request), request.params.id),
  );
};
