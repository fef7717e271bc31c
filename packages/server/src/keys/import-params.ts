/**
 * Import parameters: an RSA wrapping key pair per GetParametersForImport call (the private half
 * sealed in `import_parameters`) and the import token that names it. Token format v1
 * (docs/formats.md §4), 73 bytes:
 *   0x01 ‖ parameters id (16) ‖ KMS key id (16) ‖ expiry (8, epoch ms) ‖ HMAC-SHA-256 (32)
 * The MAC, under a keyring-derived key, covers everything before it: a token cannot be forged,
 * moved to another key, or have its expiry extended.
 */
import { fail } from '../api/errors.js';
import type { Ctx } from '../context.js';
import { hmac256, safeEqual } from '../crypto/aead.js';
import { lengthPrefixed } from '../crypto/encoding.js';
import { random } from '../crypto/random.js';
import { generateWrappingKeyPair, WRAPPING_KEY_BITS } from '../crypto/wrapping.js';
import type { KeyRow } from '../store/store.js';
import { keyIdBytes } from '../crypto/blob.js';
import { keyIdOf } from './multi-region.js';

const TOKEN_V1 = 0x01;
const BODY_LEN = 1 + 16 + 16 + 8;
const TOKEN_LEN = BODY_LEN + 32;
/** Public key and token are valid for 24 hours, as in AWS. */
export const PARAMETERS_TTL_MS = 86_400_000;
/** Expired pairs are kept this long, so a late ImportKeyMaterial hears ExpiredImportTokenException. */
export const PARAMETERS_GRACE_MS = 3_600_000;

function tokenMac(ctx: Ctx, body: Buffer): Buffer {
  const k = ctx.keyring.derive('import-token');
  try { return hmac256(k, lengthPrefixed(['trent-import-token-v1', body])); } finally { k.fill(0); }
}

/** Makes and stores a wrapping key pair for `key`; returns what GetParametersForImport answers. */
export async function issueImportParameters(ctx: Ctx, key: KeyRow, wrappingSpec: string, algorithm: string): Promise<{ token: Buffer; publicKey: Buffer; validTo: number }> {
  const pair = await generateWrappingKeyPair(WRAPPING_KEY_BITS[wrappingSpec]!);
  const id = random(16);
  const now = Date.now();
  const validTo = now + PARAMETERS_TTL_MS;
  const idHex = id.toString('hex');
  const privateSealed = ctx.keyring.seal('import_parameters', idHex, 'private_key', pair.privateKey);
  pair.privateKey.fill(0);
  await ctx.store.insertImportParameters({
    id: idHex, key_id: key.id, wrapping_spec: wrappingSpec, algorithm, private_sealed: privateSealed, created_at: now, expires_at: validTo,
  });
  const body = Buffer.alloc(BODY_LEN);
  body[0] = TOKEN_V1;
  id.copy(body, 1);
  keyIdBytes(keyIdOf(key)).copy(body, 17);
  body.writeBigUInt64BE(BigInt(validTo), 33);
  return { token: Buffer.concat([body, tokenMac(ctx, body)]), publicKey: pair.publicKey, validTo };
}

/**
 * Checks an import token for `key`: InvalidImportTokenException when it is not a token Trent made
 * for this key, ExpiredImportTokenException after its 24 hours. Returns the wrapping algorithm and
 * the unsealed private key (the caller zeroes it).
 */
export async function redeemImportToken(ctx: Ctx, key: KeyRow, token: Buffer): Promise<{ algorithm: string; privateKey: Buffer }> {
  const invalid = (): never => fail('InvalidImportTokenException', 'Import token is invalid or is associated with a different KMS key.');
  if (token.length !== TOKEN_LEN || token[0] !== TOKEN_V1) return invalid();
  const body = token.subarray(0, BODY_LEN);
  if (!safeEqual(tokenMac(ctx, body), token.subarray(BODY_LEN))) return invalid();
  if (!safeEqual(body.subarray(17, 33), keyIdBytes(keyIdOf(key)))) return invalid(); // the region's key: row.key_id below
  const expired = (): never => fail('ExpiredImportTokenException', 'Import token has expired. Call GetParametersForImport for a new import token and public key.');
  if (Number(body.readBigUInt64BE(33)) <= Date.now()) return expired();
  const idHex = body.toString('hex', 1, 17);
  const row = await ctx.store.getImportParameters(idHex);
  if (!row || row.key_id !== key.id) return invalid();
  if (row.expires_at <= Date.now()) return expired();
  return { algorithm: row.algorithm, privateKey: ctx.keyring.unseal('import_parameters', idHex, 'private_key', row.private_sealed) };
}
