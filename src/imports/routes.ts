import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { AppError } from '../platform/errors.js';
import { IdParamsSchema } from '../platform/validation.js';
import { BackgroundImports, readLimited, spoolUpload } from './background.js';
import { decodeStart } from './encoding.js';
import { createImport } from './create-import.js';
import { getImport, listImports } from './get-import.js';
import { importAccess, importActorOf, withdrawLocalServer } from './local-access.js';
import { PLAN_BYTES, planImport } from './plan.js';
import { previewImport } from './preview-import.js';
import { importsRepo } from './repo.js';
import { runImport } from './run-import.js';
import {
  ImportPageSchema,
  ImportPreviewSchema,
  ImportSchema,
  ListImportsQuerySchema,
  PREVIEW_LIMIT_BYTES,
  PreviewQuerySchema,
  StartImportQuerySchema,
  UPLOAD_LIMIT_BYTES,
} from './schemas.js';

const tags = ['imports'];
const running = new WeakMap<object, BackgroundImports>();

/** The imports running in the background of the app built on `deps` (tests wait for them). */
export function backgroundImportsOf(deps: object): BackgroundImports | undefined {
  return running.get(deps);
}
const FILE_TYPES = ['text/csv', 'text/calendar'];

/** The file travels as the raw body: documented as text, handed to the handler as a stream, never parsed. */
const FileBodySchema = z.string().describe('The file itself (CSV or iCalendar), as the raw request body');
const FILE_ROUTES = new Set(['/api/imports', '/api/imports/preview']);

function fileBody(body: unknown): Readable {
  if (body instanceof Readable) return body;
  throw new AppError('unsupported_media_type', 'Send the file as the request body with Content-Type text/csv or text/calendar');
}

function checkLength(header: string | undefined, limit: number): void {
  if (header !== undefined && Number(header) > limit) throw new AppError('payload_too_large', `The body is larger than ${Math.round(limit / 1024 / 1024)} MB`);
}

const dateOf = (v: string | undefined) => (v === undefined ? undefined : new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

/**
 * Imports over HTTP. The routes live in a plugin of their own so that the text/csv and
 * text/calendar bodies they take reach only them, as streams. They are registered `public` for
 * the shared auth hook and check access themselves (`importAccess`): the same rules as every
 * route, plus the local secret through which `rapport import` uses a running embedded server.
 */
export const importRoutes: RoutesPlugin = (app, ctx) => {
  const { deps } = ctx;
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Zod validates everything but the file bodies, which stay streams.
    scope.setValidatorCompiler<z.ZodType>((route) =>
      route.httpPart === 'body' && FILE_ROUTES.has(route.url) ? (data: unknown) => ({ value: data }) : validatorCompiler(route),
    );
    const background = new BackgroundImports(ctx.logger);
    scope.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));
    scope.addHook('onClose', async () => {
      await background.stop();
      withdrawLocalServer(deps);
    });
    if (ctx.database.kind === 'pglite') {
      // One process owns an embedded database: an import it left queued or running died with it.
      scope.addHook('onReady', async () => {
        await importsRepo(deps.db).failUnfinished(deps.clock.now(), 'The server stopped before the import finished; import the file again: rows already imported are skipped');
      });
    }
    running.set(deps, background);

    scope.post(
      '/api/imports/preview',
      {
        config: { access: 'public' },
        onRequest: importAccess(ctx, 'member'),
        schema: {
          tags,
          summary: 'Preview an import: format, layout, column mapping and the first 20 rows as they would be imported',
          description: `Send the start of the file (up to ${PREVIEW_LIMIT_BYTES / 1024} KB; whole lines) as text/csv or text/calendar. Nothing is written.`,
          consumes: FILE_TYPES,
          querystring: PreviewQuerySchema,
          body: FileBodySchema,
          response: { 200: ImportPreviewSchema },
        },
      },
      async (request) => {
        const body = fileBody(request.body);
        checkLength(request.headers['content-length'], PREVIEW_LIMIT_BYTES);
        const text = decodeStart(await readLimited(body, PREVIEW_LIMIT_BYTES));
        if (text.replace(/^\uFEFF/, '').trim() === '') throw new AppError('invalid_input', 'The file is empty', [{ path: 'body', message: 'Empty' }]);
        const q = request.query;
        return previewImport(deps, importActorOf(request), text, { mapping: q.mapping, kind: q.kind, dateOrder: q.dateOrder, currency: q.currency, from: dateOf(q.from), to: dateOf(q.to) });
      },
    );

    scope.post(
      '/api/imports',
      {
        config: { access: 'public' },
        onRequest: importAccess(ctx, 'member'),
        bodyLimit: UPLOAD_LIMIT_BYTES,
        schema: {
          tags,
          summary: 'Import a CSV or calendar file (202: runs in the background; poll GET /api/imports/{id})',
          description:
            'The whole file is the request body (text/csv or text/calendar, at most 200 MB). CSV layouts are detected from the header ' +
            '(HubSpot, Salesforce, Twenty, Rapport touchpoints) unless `mapping` says otherwise. Re-importing a file changes nothing.',
          consumes: FILE_TYPES,
          querystring: StartImportQuerySchema,
          body: FileBodySchema,
          response: { 202: ImportSchema },
        },
      },
      async (request, reply) => {
        const actor = importActorOf(request);
        const body = fileBody(request.body);
        checkLength(request.headers['content-length'], UPLOAD_LIMIT_BYTES);
        const q = request.query;
        const upload = await spoolUpload(body, UPLOAD_LIMIT_BYTES, PLAN_BYTES);
        try {
          if (upload.size === 0) throw new AppError('invalid_input', 'The file is empty', [{ path: 'body', message: 'Empty' }]);
          const input = { mapping: q.mapping, kind: q.kind, dateOrder: q.dateOrder, currency: q.currency, from: dateOf(q.from), to: dateOf(q.to) };
          const plan = await planImport(decodeStart(upload.start), input, deps.clock.now());
          const created = await createImport(deps, actor, { filename: q.filename, plan, dryRun: q.dryRun, bytesTotal: upload.size });
          background.start(
            created.id,
            (signal) => runImport(deps, actor, created.id, plan, createReadStream(upload.path), { dryRun: q.dryRun, bytesTotal: upload.size, signal }),
            upload.remove,
          );
          return reply.status(202).send(created);
        } catch (error) {
          await upload.remove();
          throw error;
        }
      },
    );

    scope.get(
      '/api/imports',
      {
        config: { access: 'public' },
        onRequest: importAccess(ctx, 'viewer'),
        schema: { tags, summary: 'Recent imports, newest first', querystring: ListImportsQuerySchema, response: { 200: ImportPageSchema } },
      },
      async (request) => listImports(deps, importActorOf(request), request.query),
    );

    scope.get(
      '/api/imports/:id',
      {
        config: { access: 'public' },
        onRequest: importAccess(ctx, 'viewer'),
        schema: { tags, summary: 'An import: status, progress, counts and every bad row', params: IdParamsSchema, response: { 200: ImportSchema } },
      },
      async (request) => getImport(deps, importActorOf(request), request.params.id),
    );
  });
};
