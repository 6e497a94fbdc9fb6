import type { ErrorBody, ErrorDetail } from './types';

/**
 * A failed API call: the server's `{ error: { code, message, details } }`, or a network failure
 * (code `network_error`) when no answer came back at all.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The messages for one field: details whose path is `path` or lies under it (`owners.0` ⊃ `owners.0.userId`). */
  fieldErrors(path: string): string[] {
    return this.details.filter((d) => d.path === path || d.path.startsWith(`${path}.`)).map((d) => d.message);
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

const WORKSPACE_KEY = 'rapport.workspace';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Per-tab state the client adds to every call: the CSRF token and the chosen workspace. */
const state: { csrfToken: string | null; workspace: string | null } = {
  csrfToken: null,
  workspace: readStoredWorkspace(),
};

function readStoredWorkspace(): string | null {
  try {
    return window.localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function getWorkspace(): string | null {
  return state.workspace;
}

/** Chooses the workspace every later call acts in (sent as X-Rapport-Workspace) and remembers it. */
export function setWorkspace(workspace: string | null): void {
  state.workspace = workspace;
  try {
    if (workspace) window.localStorage.setItem(WORKSPACE_KEY, workspace);
    else window.localStorage.removeItem(WORKSPACE_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this tab only.
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface RequestOptions {
  body?: unknown;
  /** A body sent as is (a File, text) instead of JSON, with this content type. */
  raw?: { body: Blob | string; contentType: string } | undefined;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal | undefined;
}

/** `?a=1&b=x,y` from an object; empty values are left out, arrays are joined with commas. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls the Rapport API with the session cookie, JSON in and out; adds X-CSRF-Token on writes and
 * X-Rapport-Workspace once a workspace is chosen. Answers 204 as `undefined`; throws ApiError on
 * anything that is not 2xx.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  if (state.workspace) headers['x-rapport-workspace'] = state.workspace;

  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.body : options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Rapport cannot be reached. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const body = (data as Partial<ErrorBody> | undefined)?.error;
    if (body && typeof body.code === 'string') {
      throw new ApiError(response.status, body.code, body.message ?? 'Request failed', Array.isArray(body.details) ? body.details : []);
    }
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}`.trim());
  }
  return data as T;
}

/** The server's messages for one field of a failed save, if `error` is an ApiError. */
export function fieldErrorsOf(error: unknown, path: string): string[] | undefined {
  return isApiError(error) ? error.fieldErrors(path) : undefined;
}

/** Only the messages whose path is exactly `path` (not those of its elements or sub-fields). */
export function exactErrorsOf(error: unknown, path: string): string[] | undefined {
  return isApiError(error) ? error.details.filter((d) => d.path === path).map((d) => d.message) : undefined;
}

/** The server has no such route (an older build than the web app): screens say so instead of a raw 404. */
export const isMissingRoute = (error: unknown): boolean => isApiError(error, 'not_found') && error.status === 404 && error.message.startsWith('No route');
