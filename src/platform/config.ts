import { z } from 'zod';
import { formatZodIssues } from './validation.js';
import { AppError } from './errors.js';

/** Environment configuration, validated once at start; everything else receives the parsed object. */
export const ConfigSchema = z.object({
  DATABASE_URL: z.url().optional(),
  RAPPORT_DATA_DIR: z.string().min(1).default('./rapport-data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RAPPORT_DEMO_PASSWORD: z.string().min(8).optional(),
  RAPPORT_PUBLIC_URL: z.url().optional(),
  RAPPORT_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  // `true` trusts every address in X-Forwarded-For, the first of which the client writes itself: a
  // client could then pick a new address for each login attempt and pass the per-address limit.
  // The load balancers' addresses take the address the one in front saw.
  RAPPORT_TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'true, false, or the load balancers\' addresses (CIDR, comma-separated)')
    .optional()
    .transform((v): boolean | string => (v === undefined || v === 'false' ? false : v === 'true' ? true : v))
    .describe("Take the client address from X-Forwarded-For (behind a load balancer): the load balancers' addresses, or true for any"),
  RAPPORT_JOB_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  RAPPORT_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525).describe('Port of the SMTP mail intake; 0 turns it off'),
  RAPPORT_SMTP_HOST: z.string().min(1).optional().describe('Address the SMTP mail intake listens on (default: HOST)'),
  RAPPORT_MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'A domain name, e.g. rapport.example.com')
    .default('localhost')
    .describe('Domain of the intake addresses shown to users (log+<token>@<domain>)'),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new AppError('invalid_input', 'Invalid environment configuration', formatZodIssues(result.error.issues));
  }
  return result.data;
}
