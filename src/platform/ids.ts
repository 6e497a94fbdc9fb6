import { createHash, hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a uuid in its canonical text form (any case): safe to compare with a uuid column. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** A URL-safe random secret with `bytes` bytes of entropy. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');
/**
 * A short content fingerprint (not a secret): the health recompute's change detection. The one-shot
 * `hash` (no Hash object per call) runs tens of thousands of times a night.
 */
export const sha1 = (value: string): string => hash('sha1', value, 'base64url');

/** Compares two secrets without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
