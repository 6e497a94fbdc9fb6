import { z } from 'zod';
import { formatZodIssues } from './validation.js';
import { AppError } from './errors.js';

const DOMAIN_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/** A host that can follow the @ of an address as it is: a name, not an IP address. */
const isDomainName = (host: string): boolean => DOMAIN_NAME.test(host) && !/^[\d.]+$/.test(host);

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
  // Only an origin: the web app, its API and the session cookie live at the root of one address.
  RAPPORT_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'An http:// or https:// address, e.g. https://rapport.example.com' })
    .refine((v) => {
      if (!URL.canParse(v)) return true; // already refused as no URL
      const url = new URL(v);
      return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    }, 'Only the scheme, host and port, e.g. https://rapport.example.com (Rapport is served at the root of its address)')
    .transform((v) => new URL(v).origin)
    .optional()
    .describe('The address people open Rapport at (printed at start; https marks the session cookie Secure; its host is the mail domain)'),
  RAPPORT_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('true marks the session cookie Secure, false does not (default: whether RAPPORT_PUBLIC_URL is https)'),
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
    .regex(DOMAIN_NAME, 'A domain name, e.g. rapport.example.com')
    .optional()
    .describe("Domain of the mail intake addresses, log+<token>@<domain> (default: RAPPORT_PUBLIC_URL's host, else localhost)"),
});

/**
 * The settings that follow from RAPPORT_PUBLIC_URL unless set themselves (decision 0028): the
 * session cookie is Secure when people reach Rapport over https, and the intake addresses take its host.
 */
const ResolvedConfigSchema = ConfigSchema.transform((config) => {
  const publicUrl = config.RAPPORT_PUBLIC_URL === undefined ? undefined : new URL(config.RAPPORT_PUBLIC_URL);
  return {
    ...config,
    RAPPORT_SECURE_COOKIES: config.RAPPORT_SECURE_COOKIES ?? publicUrl?.protocol === 'https:',
    RAPPORT_MAIL_DOMAIN: config.RAPPORT_MAIL_DOMAIN ?? (publicUrl && isDomainName(publicUrl.hostname) ? publicUrl.hostname : 'localhost'),
  };
});

export type Config = z.output<typeof ResolvedConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ResolvedConfigSchema.safeParse(env);
  if (!result.success) {
    throw new AppError('invalid_input', 'Invalid environment configuration', formatZodIssues(result.error.issues));
  }
  return result.data;
}
