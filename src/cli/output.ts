import { ZodError } from 'zod';
import { AppError, EXIT_CODES } from '../platform/errors.js';
import { formatZodIssues } from '../platform/validation.js';

/** Prints an error the way a person wants to read it and returns the exit code for its kind. */
export function reportError(error: unknown): number {
  const appError =
    error instanceof AppError
      ? error
      : error instanceof ZodError
        ? new AppError('invalid_input', 'Invalid arguments', formatZodIssues(error.issues))
        : undefined;
  if (!appError) {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_CODES.internal_error;
  }
  process.stderr.write(`error: ${appError.message}\n`);
  for (const detail of appError.details) process.stderr.write(`  ${detail.path}: ${detail.message}\n`);
  return EXIT_CODES[appError.code];
}

/** Runs a command body, turning any failure into a message and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}
