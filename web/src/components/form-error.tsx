import { isApiError } from '../api/client';

/**
 * The summary above a form after a failed save: the server's message, plus any field messages
 * that no field on the form claims (so nothing the server said is hidden).
 */
export function FormError({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  if (!error) return null;
  if (!isApiError(error)) {
    return (
      <div className="alert alert--error" role="alert">
        {error instanceof Error ? error.message : 'Something went wrong.'}
      </div>
    );
  }
  const claimed = (path: string) => fields.some((f) => path === f || path.startsWith(`${f}.`));
  const unclaimed = error.details.filter((d) => !claimed(d.path));
  const hasFieldErrors = error.details.length > unclaimed.length;
  return (
    <div className="alert alert--error" role="alert">
      <p>{hasFieldErrors ? 'Please correct the highlighted fields.' : describeError(error.code, error.message)}</p>
      {unclaimed.length > 0 && (
        <ul>
          {unclaimed.map((d, i) => (
            <li key={i}>{d.path === '(root)' ? d.message : `${d.path}: ${d.message}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A message a person can act on, for codes whose server message is written for developers. */
export function describeError(code: string, message: string): string {
  switch (code) {
    case 'forbidden':
      return `You do not have permission to do this. ${message}`;
    case 'csrf_failed':
      return 'Your session needs refreshing. Reload the page and try again.';
    case 'unauthenticated':
      return 'Your session has ended. Sign in again.';
    case 'not_found':
      return `${message}. It may have been removed, or it belongs to another workspace.`;
    default:
      return message;
  }
}
