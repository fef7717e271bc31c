/** The shared core of GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext. */
import { fail } from '../errors.js';
import type { Call, Ctx } from '../../context.js';
import { publicKeyDer } from '../../crypto/asym-keys.js';
import { generateMaterialAsync } from '../../crypto/keygen.js';
import { KEY_SPECS } from '../../keys/key-specs.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder } from '../../keys/symmetric.js';
import { stopIfDryRun } from './dry-run.js';

/** A fresh key pair: the PKCS#8 private key in plaintext and encrypted under a symmetric KMS key, and the DER public key. */
export async function makeDataKeyPair(ctx: Ctx, call: Call, input: Record<string, any>, operation: string) {
  const spec: string = input.KeyPairSpec;
  // DataKeyPairSpec names are KeySpec names; SM2 exists only in China Regions, which Trent does not serve.
  if (KEY_SPECS[spec]?.chinaOnly) fail('ValidationException', `KeyPairSpec ${spec} is not supported in this region.`);
  const key = await resolveKey(ctx, call, input.KeyId);
  checkEncryptKey(call, ctx, key, operation, `kms:${operation}`, input.EncryptionContext);
  stopIfDryRun(input);
  const privateKey = await generateMaterialAsync(spec);
  const publicKey = publicKeyDer(spec, privateKey);
  let sealed;
  try { sealed = await encryptUnder(ctx, call, key, privateKey, input.EncryptionContext, operation); } catch (err) { privateKey.fill(0); throw err; }
  const { blob, materialId } = sealed;
  return { key, privateKey, publicKey, blob, materialId, spec };
}
