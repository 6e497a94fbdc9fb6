import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { hasRole } from '../auth/roles.js';
import { resolveBearer, resolveSession, resolveWorkspace } from '../auth/resolve-auth.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { safeEqual, newId } from '../ids.js';
import { ErrorBodySchema, handleClientError, handleError, MAX_PARAM_LENGTH, type ErrorBody } from './errors.js';
import { createMetrics } from './metrics.js';
import type { Access, App, HttpContext } from './context.js';
import { LONE_SURROGATE } from '../validation.js';

/** Refuses strings PostgreSQL cannot store: NUL characters and unpaired UTF-16 surrogates. */
function refuseUnstorableText(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && (value.includes('\u0000') || LONE_SURROGATE.test(value))) {
    throw new AppError('invalid_input', 'Text may not contain NUL characters or unpaired UTF-16 surrogates (\\u0000, \\ud800–\\udfff)');
  }
  return value;
}

/** Strict: bytes that are not UTF-8 throw instead of becoming U+FFFD; a leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A capability's routes: registered on the zod-typed app with the shared context. */
export type RoutesPlugin = (app: App, ctx: HttpContext) => void;

export const BODY_LIMIT_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BuildServerOptions {
  routes: RoutesPlugin[];
  /** The built web app (index.html and assets); served at `/` when present. */
  webDir?: string | undefined;
}

/**
 * The HTTP shell: one Fastify app serving the API under /api, metrics, the OpenAPI document and
 * the web app. Every route's input is validated by its zod schemas, every failure leaves as
 * `{ error: { code, message, details } }`, and every /api route passes the auth hook first.
 */
export async function buildServer(ctx: HttpContext, options: BuildServerOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newId();
    },
    return503OnClosing: true,
    // Behind a load balancer the client's address (for login limits and logs) is in X-Forwarded-For.
    trustProxy: ctx.config.RAPPORT_TRUST_PROXY,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router refuses (a %-escape that is not UTF-8, a path segment too long) answers in
    // the one error shape too, not in Fastify's own.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    // And so does a request Node's HTTP parser refuses before Fastify sees it.
    clientErrorHandler: handleClientError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('auth', null);
  app.decorateRequest('access', null);

  // JSON bodies: parsed here so that text PostgreSQL cannot store is refused as bad input up front
  // instead of failing in the database. Only an escape can put such a character in valid JSON, so
  // bodies without one skip the check.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // JSON is UTF-8 (RFC 8259): a body in another encoding would be read with replacement
    // characters (Café → Caf\uFFFD) and stored so, the user's text lost without a word.
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      return done(new AppError('unsupported_media_type', `Send JSON as UTF-8 (charset=utf-8), not ${charset.slice(0, 40) || 'an empty charset'}`), undefined);
    }
    let text: string;
    try {
      text = typeof body === 'string' ? body : utf8.decode(body);
    } catch {
      return done(new AppError('invalid_json', 'The body is not UTF-8 text: JSON must be sent as UTF-8'), undefined);
    }
    if (text.trim() === '') {
      // Some clients send a JSON content type on every request: an empty body is fine where none is expected.
      if (request.method === 'DELETE') return done(null, undefined);
      return done(new AppError('invalid_json', 'The JSON body is empty'), undefined);
    }
    try {
      done(null, JSON.parse(text, /\\u(0000|[dD][89a-fA-F])/.test(text) ? refuseUnstorableText : undefined));
    } catch (error) {
      done(error instanceof AppError ? error : new AppError('invalid_json', 'The body is not valid JSON'), undefined);
    }
  });
  // Only JSON bodies: without this, Fastify's built-in text/plain parser would hand a string to
  // every route and answer "expected object" instead of 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url)) throw new AppError('invalid_input', 'The URL may not contain NUL (%00) characters');
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: ctx.version,
        description:
          'Client-relationship platform. Authenticate with the session cookie from POST /api/auth/login ' +
          '(writes then need the X-CSRF-Token header from the login answer or GET /api/me) or with ' +
          '`Authorization: Bearer <API token>`. Choose the workspace with the X-Rapport-Workspace header ' +
          '(id or slug); without it, a token acts in its own workspace and a session in the user\'s first.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const metrics = createMetrics();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });

  app.addHook('onRequest', async (request) => authenticate(ctx, request));

  // Every API route documents its error answers: one shape, whatever the route (a route may still
  // name a status of its own). Added before the routes, so that each one's registration sees it.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.schema?.hide) return;
    route.schema = { ...route.schema, response: { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema, ...(route.schema?.response as object | undefined) } };
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  for (const register of options.routes) register(app, ctx);

  const webDir = options.webDir;
  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    // Vite names assets by content hash: cache them for a year; index.html is never cached.
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && !path.startsWith('/api/') && path !== '/api';
    if (wantsPage && hasWeb) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    const body: ErrorBody = {
      error: { code: 'not_found', message: `No route ${request.method} ${path}`, details: [] },
    };
    return reply.status(404).send(body);
  });
  return app;
}

/**
 * The auth hook: resolves who calls (bearer token or session cookie), which workspace they act in,
 * and whether their role may call this route; checks the CSRF token on cookie-authenticated writes.
 */
async function authenticate(ctx: HttpContext, request: FastifyRequest): Promise<void> {
  const path = request.url;
  if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return;
  const configured = request.routeOptions.config.access;
  if (configured === 'public') return;
  // Unknown /api routes fall through to the 404 handler without asking for credentials.
  if (request.routeOptions.url === undefined) return;
  await authorizeRequest(ctx, request, configured ?? (SAFE_METHODS.has(request.method) ? 'viewer' : 'member'));
}

/**
 * Resolves the caller (bearer token or session cookie, with the CSRF check on cookie writes), the
 * workspace they act in, and checks their role against `access`. Routes with an auth of their own
 * (imports' local secret) call it for everyone else.
 */
export async function authorizeRequest(ctx: HttpContext, request: FastifyRequest, access: Exclude<Access, 'public'>): Promise<void> {
  const header = request.headers.authorization;
  const cookie = request.cookies[SESSION_COOKIE];
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthenticated', 'Use `Authorization: Bearer <token>`');
    request.auth = await resolveBearer(ctx.deps, ctx.authCache, match[1]);
  } else if (cookie) {
    request.auth = await resolveSession(ctx.deps, ctx.authCache, cookie);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.auth.csrfToken || !safeEqual(sent, request.auth.csrfToken)) {
        throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header (GET /api/me gives the token)');
      }
    }
  } else {
    throw new AppError('unauthenticated', 'Sign in, or send an API token as `Authorization: Bearer <token>`');
  }
  if (access === 'user') return;
  const requested = request.headers['x-rapport-workspace'];
  request.access = await resolveWorkspace(ctx.deps, ctx.authCache, request.auth, typeof requested === 'string' && requested ? requested : undefined);
  if (!hasRole(request.access.role, access)) {
    throw new AppError('forbidden', `This needs the ${access} role or higher; you are ${request.access.role}`);
  }
}
