/** The shared core of Sign and Verify: the key, its checks with the request's condition keys, and its material. */
import type { Call, Ctx } from '../../context.js';
import type { MessageType } from '../../crypto/signing.js';
import { checkKey, currentMaterial } from '../../keys/asymmetric.js';
import type { CachedKey } from '../../keys/cache.js';
import { resolveKey } from '../../keys/resolve.js';
import { requireAlgorithm } from '../../keys/usage.js';

/** Resolves and checks a SIGN_VERIFY key for `input.SigningAlgorithm`; MessageType defaults to RAW. */
export async function signingKey(ctx: Ctx, call: Call, input: Record<string, any>, operation: 'Sign' | 'Verify'): Promise<{ key: CachedKey; material: Buffer; type: MessageType }> {
  const key = await resolveKey(ctx, call, input.KeyId);
  const type: MessageType = input.MessageType ?? 'RAW';
  checkKey(ctx, call, key, 'SIGN_VERIFY', operation, `kms:${operation}`, { context: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': type } });
  requireAlgorithm(key, 'signingAlgorithms', input.SigningAlgorithm);
  return { key, material: currentMaterial(key), type };
}
