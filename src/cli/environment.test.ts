import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { ConfigSchema } from '../platform/config.js';
import { loadConfig } from '../platform/config.js';
import { addressToOpen, variablesReadBy, type Variable } from './environment.js';
import { program } from './program.js';

/** Every command that does something (not the groups `user`, `token`, `health`), by its full name. */
function leafCommands(command: Command, prefix: string[] = []): Map<string, Command> {
  const found = new Map<string, Command>();
  for (const child of command.commands) {
    const path = [...prefix, child.name()];
    if (child.commands.length) for (const [name, leaf] of leafCommands(child, path)) found.set(name, leaf);
    else found.set(path.join(' '), child);
  }
  return found;
}

/** What `rapport <command> --help` prints. */
function helpOf(command: Command): string {
  let out = '';
  command.configureOutput({ writeOut: (text) => (out += text) });
  command.outputHelp();
  return out;
}

const commands = leafCommands(program);
const help = (name: string) => {
  const command = commands.get(name);
  if (!command) throw new Error(`no command ${name}`);
  return helpOf(command);
};

/** The "Environment variables:" section's entries: name → description. */
function environmentOf(text: string): Map<string, string> {
  const section = text.split('\nEnvironment variables:\n')[1] ?? '';
  const entries = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^ {2}([A-Z_]+) +(\S.*)$/.exec(line);
    if (match?.[1] && match[2]) entries.set(match[1], match[2]);
  }
  return entries;
}

const ALL = Object.keys(ConfigSchema.shape) as Variable[];
const DATABASE = ['DATABASE_URL', 'RAPPORT_DATA_DIR'];

describe('the environment variables in each command’s help', () => {
  it('serve lists every variable the server reads, RAPPORT_DATA_DIR among them, one line each in the config’s words', () => {
    const text = help('serve');
    const env = environmentOf(text);
    // Everything in the configuration: no variable is read by nothing.
    expect([...env.keys()]).toEqual(ALL);
    expect(env.get('RAPPORT_PUBLIC_URL')).toContain('printed at start; https marks the session cookie Secure');
    expect(env.get('RAPPORT_SECURE_COOKIES')).toContain('(default: whether RAPPORT_PUBLIC_URL is https)');
    expect(env.get('RAPPORT_MAIL_DOMAIN')).toContain("(default: RAPPORT_PUBLIC_URL's host, else localhost)");
    expect(env.get('RAPPORT_DATA_DIR')).toBe('PGlite data folder, when DATABASE_URL is unset (default: ./rapport-data)');
    expect(env.get('PORT')).toBe('Port the server listens on (default: 4000)');
    expect(env.get('RAPPORT_TRUST_PROXY')).toContain('X-Forwarded-For');
    for (const [name, line] of env) expect(line.startsWith(ConfigSchema.shape[name as Variable].description ?? '∅')).toBe(true);
    // The options name the variable they stand in for, with the configuration's default.
    expect(text).toMatch(/--port <port> +port to listen on \(instead of PORT, default 4000\)/);
    expect(text).toMatch(/--host <host> +address to listen on \(instead of HOST, default 127\.0\.0\.1\)/);
  });

  it('every other command opens the database and lists the two variables that choose it, and no server setting', () => {
    expect([...commands.keys()].sort()).toEqual(
      ['backtest', 'demo', 'export', 'health backfill', 'health recompute', 'import', 'migrate', 'serve', 'token create', 'user create', 'user password'].sort(),
    );
    for (const name of commands.keys()) {
      if (name === 'serve') continue;
      const env = [...environmentOf(help(name)).keys()];
      expect({ name, env }).toEqual({ name, env: name === 'demo' ? [...DATABASE, 'RAPPORT_DEMO_PASSWORD'] : DATABASE });
    }
  });

  it('has a description for every variable of the configuration, so no help line is empty', () => {
    expect(ALL.filter((name) => !ConfigSchema.shape[name].description)).toEqual([]);
    expect(variablesReadBy('serve')).toContain('RAPPORT_DATA_DIR');
  });

  it('says under `rapport --help` where the variables are listed', () => {
    expect(helpOf(program)).toContain('`rapport <command> --help` lists them');
  });
});

describe('the address `rapport serve` says Rapport runs at', () => {
  it('is RAPPORT_PUBLIC_URL when set, else the one it listens on with 127.0.0.1 written as localhost', () => {
    expect(addressToOpen(loadConfig({}), 'http://127.0.0.1:4000')).toBe('http://localhost:4000');
    expect(addressToOpen(loadConfig({}), 'http://0.0.0.0:4000')).toBe('http://0.0.0.0:4000');
    expect(addressToOpen(loadConfig({ RAPPORT_PUBLIC_URL: 'https://rapport.example.com/' }), 'http://0.0.0.0:4000')).toBe('https://rapport.example.com');
  });
});
