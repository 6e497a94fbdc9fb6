import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';

const refusal = (env: Record<string, string>): unknown => {
  try {
    loadConfig(env);
  } catch (error) {
    return error instanceof AppError ? error.details : error;
  }
  return 'accepted';
};

describe('RAPPORT_PUBLIC_URL and what follows from it (decision 0028)', () => {
  it.each([
    // env → [public URL, Secure cookie, mail domain]
    [{}, [undefined, false, 'localhost']],
    [{ RAPPORT_PUBLIC_URL: 'https://rapport.example.com' }, ['https://rapport.example.com', true, 'rapport.example.com']],
    [{ RAPPORT_PUBLIC_URL: 'https://Rapport.Example.com:8443/' }, ['https://rapport.example.com:8443', true, 'rapport.example.com']],
    [{ RAPPORT_PUBLIC_URL: 'http://rapport.lan:4000' }, ['http://rapport.lan:4000', false, 'rapport.lan']],
    // An IP address cannot follow the @ of an address as it is: the mail domain stays localhost.
    [{ RAPPORT_PUBLIC_URL: 'http://192.168.1.20:4000' }, ['http://192.168.1.20:4000', false, 'localhost']],
    [{ RAPPORT_PUBLIC_URL: 'https://[::1]:4000' }, ['https://[::1]:4000', true, 'localhost']],
    // What is set by itself wins.
    [{ RAPPORT_PUBLIC_URL: 'https://rapport.example.com', RAPPORT_SECURE_COOKIES: 'false' }, ['https://rapport.example.com', false, 'rapport.example.com']],
    [{ RAPPORT_PUBLIC_URL: 'http://rapport.lan', RAPPORT_SECURE_COOKIES: 'true' }, ['http://rapport.lan', true, 'rapport.lan']],
    [{ RAPPORT_PUBLIC_URL: 'https://rapport.example.com', RAPPORT_MAIL_DOMAIN: 'In.Example.com' }, ['https://rapport.example.com', true, 'in.example.com']],
    [{ RAPPORT_SECURE_COOKIES: 'true' }, [undefined, true, 'localhost']],
  ] as const)('%j', (env, [publicUrl, secure, domain]) => {
    const config = loadConfig(env);
    expect([config.RAPPORT_PUBLIC_URL, config.RAPPORT_SECURE_COOKIES, config.RAPPORT_MAIL_DOMAIN]).toEqual([publicUrl, secure, domain]);
  });

  it.each(['rapport.example.com', 'ftp://rapport.example.com', 'https://example.com/rapport', 'https://example.com/?a=1', 'https://user:pw@example.com'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(refusal({ RAPPORT_PUBLIC_URL: value })).toEqual([expect.objectContaining({ path: 'RAPPORT_PUBLIC_URL' })]);
    },
  );
});
