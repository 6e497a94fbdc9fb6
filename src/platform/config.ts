import { z } from 'zod';
import { formatZodIssues } from './validation.js';
import { AppError } from './errors.js';

/**
 * Environment configuration, validated once at start; everything else receives the parsed object.
 * Each variable's description is its line in the CLI's help (src/cli/environment.ts).
 */
export const ConfigSchema = z.object({
  DATABASE_URL: z.url().optional().describe('PostgreSQL server URL; when set, PGlite is not used'),
  RAPPORT_DATA_DIR: z
    .string()
    .min(1)
    .default('./rapport-data')
    .describe('PGlite data folder, when DATABASE_URL is unset'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the server listens on'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000).describe('Port the server listens on'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level: fatal, error, warn, info, debug, trace or silent'),
  RAPPORT_DEMO_PASSWORD: z
    .string()
    .min(8)
    .optional()
    .describe('Demo user\'s password; when set, serve creates or updates the demo at start'),
  RAPPORT_PUBLIC_URL: z.url().optional().describe('The address people open Rapport at (read by nothing yet)'),
  RAPPORT_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true marks the session cookie Secure (behind HTTPS)'),
  // `true` trusts every address in X-Forwarded-For, the first of which the client writes itself: a
  // client could then pick a new address for each login attempt and pass the per-address limit.
  // The load balancers' addresses take the address the one in front saw.
  RAPPORT_TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'true, false, or the load balancers\' addresses (CIDR, comma-separated)')
    .optional()
    .transform((v): boolean | string => (v === undefined || v === 'false' ? false : v === 'true' ? true : v))
    .describe("Load balancers' addresses (or true): the client's is taken from X-Forwarded-For"),
  RAPPORT_JOB_WORKERS: z.coerce.number().int().min(0).max(64).default(1).describe('Background job workers in this process (0: API only)'),
  RAPPORT_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525).describe('Port of the SMTP mail intake; 0 turns it off'),
  RAPPORT_SMTP_HOST: z.string().min(1).optional().describe('Address the SMTP mail intake listens on (default: HOST)'),
  RAPPORT_MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'A domain name, e.g. rapport.example.com')
    .default('localhost')
    .describe('Domain of the mail intake addresses (log+<token>@<domain>)'),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new AppError('invalid_input', 'Invalid environment configuration', formatZodIssues(result.error.issues));
  }
  return result.data;
}
