/**
 * The one error type that use-cases throw. Its `code` is part of the public contract: the HTTP
 * layer maps it to a status (platform/http/errors.ts) and the CLI to an exit code, so a use-case
 * never needs to know which shell called it.
 */
export const ERROR_CODES = [
  'invalid_input',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'csrf_failed',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'locked',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field or value; `path` is dotted, e.g. `contacts.3.email`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): AppError =>
  new AppError('forbidden', message);
export const conflict = (message: string, details: ErrorDetail[] = []): AppError =>
  new AppError('conflict', message, details);
export const invalidInput = (message: string, details: ErrorDetail[] = []): AppError =>
  new AppError('invalid_input', message, details);

/** Exit codes for the CLI, one per error code family (sysexits-style where one fits). */
export const EXIT_CODES: Record<ErrorCode, number> = {
  invalid_input: 65,
  invalid_json: 65,
  unsupported_media_type: 65,
  payload_too_large: 65,
  unauthenticated: 77,
  invalid_credentials: 77,
  csrf_failed: 77,
  forbidden: 77,
  not_found: 66,
  conflict: 75,
  rate_limited: 75,
  locked: 75,
  internal_error: 70,
};
