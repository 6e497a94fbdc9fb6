import { ConfigSchema, type Config } from '../platform/config.js';

export type Variable = keyof typeof ConfigSchema.shape;

/**
 * Who reads each variable of the configuration: every command that opens the database (all of them,
 * `serve` included), the server alone, or the server and `rapport demo`. Keyed by every
 * variable (the type checks it), so a new one must be placed here; its help line is its description
 * in config.ts.
 */
const READ_BY = {
  DATABASE_URL: 'database',
  RAPPORT_DATA_DIR: 'database',
  HOST: 'server',
  PORT: 'server',
  LOG_LEVEL: 'server',
  RAPPORT_DEMO_PASSWORD: 'demo',
  RAPPORT_PUBLIC_URL: 'server',
  RAPPORT_SECURE_COOKIES: 'server',
  RAPPORT_TRUST_PROXY: 'server',
  RAPPORT_JOB_WORKERS: 'server',
  RAPPORT_SMTP_PORT: 'server',
  RAPPORT_SMTP_HOST: 'server',
  RAPPORT_MAIL_DOMAIN: 'server',
} as const satisfies Record<Variable, 'database' | 'server' | 'demo'>;

/** The kinds of command, by what they read: `serve`, `rapport demo`, and the others (they open the database). */
export type CommandKind = 'serve' | 'demo' | 'database';

const READERS: Record<CommandKind, ReadonlySet<string>> = {
  serve: new Set(['database', 'server', 'demo']),
  demo: new Set(['database', 'demo']),
  database: new Set(['database']),
};

/** The variables a kind of command reads, in the configuration's order. */
export function variablesReadBy(kind: CommandKind): Variable[] {
  return (Object.keys(ConfigSchema.shape) as Variable[]).filter((name) => READERS[kind].has(READ_BY[name]));
}

/** Each variable's value when it is not set, as it would be written (none for those without a default). */
export const DEFAULTS: Readonly<Partial<Record<Variable, string>>> = Object.fromEntries(
  Object.entries(ConfigSchema.parse({}))
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, String(value)]),
);

/** One variable's help: its description in config.ts and its default. */
export function describeVariable(name: Variable): string {
  const description = ConfigSchema.shape[name].description ?? '';
  const fallback = DEFAULTS[name];
  return fallback === undefined ? description : `${description} (default: ${fallback})`;
}

/** The "Environment variables:" section of a command's help: one line a variable, its name and its description. */
export function environmentHelp(kind: CommandKind): string {
  const names = variablesReadBy(kind);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return `\nEnvironment variables:\n${names.map((name) => `  ${name.padEnd(width)}${describeVariable(name)}`).join('\n')}\n`;
}

/** The line under `rapport --help` that says where the variables are listed. */
export const ENVIRONMENT_NOTE = '\nEach command reads its settings from environment variables: `rapport <command> --help` lists them.\n';

/**
 * The address `rapport serve` tells people to open: RAPPORT_PUBLIC_URL when set (the one they reach it
 * at, through a proxy say), else the one it listens on, 127.0.0.1 written as localhost.
 */
export function addressToOpen(config: Pick<Config, 'RAPPORT_PUBLIC_URL'>, listening: string): string {
  return config.RAPPORT_PUBLIC_URL ?? listening.replace('127.0.0.1', 'localhost');
}
