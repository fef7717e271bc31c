/**
 * Grant ids and tokens. A grant is usable the moment CreateGrant returns (every cache is
 * invalidated first), so a token only has to be well-formed; it names its grant for RetireGrant.
 * Token format v1: base64url("gt1:" ‖ grant id (64 hex) ‖ ":" ‖ 32 random hex).
 */
import { fail } from '../api/errors.js';
import { random } from '../crypto/random.js';

const GRANT_ID = /^[0-9a-f]{64}$/;

/** A new grant id: 64 hex characters, as AWS's. */
export function newGrantId(): string {
  return random(32).toString('hex');
}

/** A token for a grant. */
export function grantToken(grantId: string): string {
  return Buffer.from(`gt1:${grantId}:${random(16).toString('hex')}`).toString('base64url');
}

/** The grant id a token names; InvalidGrantTokenException when it is not a Trent grant token. */
export function grantIdOfToken(token: string): string {
  const m = /^gt1:([0-9a-f]{64}):[0-9a-f]{32}$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
  if (!m) fail('InvalidGrantTokenException', 'The grant token is not valid.');
  return m[1]!;
}

/** Checks every token of a GrantTokens parameter. */
export function checkGrantTokens(tokens: readonly string[] | undefined): void {
  for (const t of tokens ?? []) grantIdOfToken(t);
}

/** InvalidGrantIdException unless `id` has a grant id's form. */
export function checkGrantId(id: string): void {
  if (!GRANT_ID.test(id)) fail('InvalidGrantIdException', `Invalid grant ID: ${id}`);
}
