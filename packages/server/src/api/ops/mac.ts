/** The shared core of GenerateMac and VerifyMac: key checks and the HMAC under the key's material. */
import type { Call, Ctx } from '../../context.js';
import { macOf } from '../../crypto/mac.js';
import { checkKey, currentMaterial } from '../../keys/asymmetric.js';
import type { CachedKey } from '../../keys/cache.js';
import { KEY_SPECS } from '../../keys/key-specs.js';
import { resolveKey } from '../../keys/resolve.js';
import { requireAlgorithm } from '../../keys/usage.js';

/** Resolves and checks a GENERATE_VERIFY_MAC key, and computes the HMAC of `input.Message`. */
export async function macFor(ctx: Ctx, call: Call, input: Record<string, any>, operation: string): Promise<{ key: CachedKey; mac: Buffer }> {
  const key = await resolveKey(ctx, call, input.KeyId);
  checkKey(ctx, call, key, 'GENERATE_VERIFY_MAC', operation, `kms:${operation}`, { context: { 'kms:MacAlgorithm': input.MacAlgorithm } });
  requireAlgorithm(key, 'macAlgorithms', input.MacAlgorithm);
  return { key, mac: macOf(KEY_SPECS[key.row.key_spec]!.params!.hash!, currentMaterial(key), input.Message) };
}
