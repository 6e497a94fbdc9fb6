import { describe, expect, it } from 'vitest';
import { smtpListenText } from './intake-text';

describe('smtpListenText', () => {
  it('names the address the intake listens on, with its port', () => {
    expect(smtpListenText('127.0.0.1', 2525)).toBe('127.0.0.1, port 2525');
    expect(smtpListenText('mail.example.com', 25)).toBe('mail.example.com, port 25');
  });

  it.each(['0.0.0.0', '::', '[::]'])('does not name the wildcard %s, which no mail server can be pointed at', (host) => {
    expect(smtpListenText(host, 25)).toBe('any of this server’s addresses, port 25');
  });
});
