import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs to stdout; secrets that may pass through request logs are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      censor: '[redacted]',
    },
  });
}
