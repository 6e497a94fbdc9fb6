import { z } from 'zod';
import type { Actor } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { IdParamsSchema } from '../validation.js';
import { actorOf, type App } from './context.js';

/**
 * The five routes of a kind of record kept under one path: list (filters in the query), create,
 * get, change and delete by id. Every one is validated and documented by its zod schemas, like
 * any other route; this only spares writing the same five registrations for each kind.
 */
export interface RecordRoutes<Query extends z.ZodType, Page extends z.ZodType, Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType> {
  /** '/api/projects': the list and create routes; `${path}/:id` the others. */
  path: string;
  tag: string;
  schemas: { query: Query; page: Page; item: Item; create: Create; update: Update };
  summaries: { list: string; create: string; get: string; update: string; remove: string };
  // Methods, not function-typed fields: the registration below sees them with the schemas widened.
  list(deps: Deps, actor: Actor, query: z.output<Query>): Promise<z.output<Page>>;
  create(deps: Deps, actor: Actor, input: z.output<Create>): Promise<z.output<Item>>;
  get(deps: Deps, actor: Actor, id: string): Promise<z.output<Item>>;
  update(deps: Deps, actor: Actor, id: string, input: z.output<Update>): Promise<z.output<Item>>;
  remove(deps: Deps, actor: Actor, id: string): Promise<void>;
}

const NoContent = { 204: z.null() };

/**
 * Registers a kind's five routes. The caller's handlers are typed by its schemas; here the schemas
 * are seen as any zod type (a route's types cannot be resolved from a generic schema), and Fastify
 * validates and serializes with the real ones.
 */
export function registerRecordRoutes<Query extends z.ZodType, Page extends z.ZodType, Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType>(
  app: App,
  deps: Deps,
  routes: RecordRoutes<Query, Page, Item, Create, Update>,
): void {
  const r: RecordRoutes<z.ZodType, z.ZodType, z.ZodType, z.ZodType, z.ZodType> = routes;
  const tags = [r.tag];
  const byId = `${r.path}/:id`;
  app.get(r.path, { schema: { tags, summary: r.summaries.list, querystring: r.schemas.query, response: { 200: r.schemas.page } } }, async (request) =>
    r.list(deps, actorOf(request), request.query),
  );
  app.post(r.path, { schema: { tags, summary: r.summaries.create, body: r.schemas.create, response: { 201: r.schemas.item } } }, async (request, reply) =>
    reply.status(201).send(await r.create(deps, actorOf(request), request.body)),
  );
  app.get(byId, { schema: { tags, summary: r.summaries.get, params: IdParamsSchema, response: { 200: r.schemas.item } } }, async (request) =>
    r.get(deps, actorOf(request), request.params.id),
  );
  app.patch(byId, { schema: { tags, summary: r.summaries.update, params: IdParamsSchema, body: r.schemas.update, response: { 200: r.schemas.item } } }, async (request) =>
    r.update(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(byId, { schema: { tags, summary: r.summaries.remove, params: IdParamsSchema, response: NoContent } }, async (request, reply) => {
    await r.remove(deps, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
