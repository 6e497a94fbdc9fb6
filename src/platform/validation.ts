import type { z } from 'zod';
import type { ErrorDetail } from './errors.js';

/** Turns zod issues into field-named details: `contacts.3.email: Invalid email`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.map((issue) => {
    const parts = issue.path.map((p) => String(p));
    if (prefix) parts.unshift(prefix);
    return { path: parts.join('.') || '(root)', message: issue.message };
  });
}
