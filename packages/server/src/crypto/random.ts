/** Randomness: the one place Trent draws random bytes and identifiers. */
import { randomBytes, randomUUID } from 'node:crypto';

/** `n` cryptographically random bytes. */
export function random(n: number): Buffer {
  return randomBytes(n);
}

/** A random RFC 4122 version 4 UUID, as AWS uses for key ids. */
export function uuid(): string {
  return randomUUID();
}

/** Random upper-case alphanumerics (access key ids, request ids). */
export function randomAlnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
