import { sql } from 'kysely';
import { z } from 'zod';
import type { RoutesPlugin } from './server.js';

export const healthRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and the database in use',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(ctx.deps.db);
      return { status: 'ok' as const, database: ctx.database.kind, version: ctx.version };
    },
  );
};
