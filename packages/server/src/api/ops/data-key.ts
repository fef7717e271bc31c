/** The shared core of GenerateDataKey and GenerateDataKeyWithoutPlaintext. */
import { fail } from '../errors.js';
import type { Call, Ctx } from '../../context.js';
import { random } from '../../crypto/random.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkEncryptKey, encryptUnder } from '../../keys/symmetric.js';
import { stopIfDryRun } from './dry-run.js';

const SPEC_BYTES: Record<string, number> = { AES_128: 16, AES_256: 32 };

/** Makes a random data key and its ciphertext under the KMS key. */
export async function makeDataKey(ctx: Ctx, call: Call, input: Record<string, any>, operation: string) {
  if (input.KeySpec !== undefined && input.NumberOfBytes !== undefined) fail('ValidationException', 'Please specify either number of bytes or key spec, not both.');
  if (input.KeySpec === undefined && input.NumberOfBytes === undefined) fail('ValidationException', 'Please specify either number of bytes or key spec.');
  const key = await resolveKey(ctx, call, input.KeyId);
  checkEncryptKey(call, ctx, key, operation, `kms:${operation}`, input.EncryptionContext);
  stopIfDryRun(input);
  const plaintext = random(input.NumberOfBytes ?? SPEC_BYTES[input.KeySpec]!);
  let sealed;
  try { sealed = await encryptUnder(ctx, call, key, plaintext, input.EncryptionContext, operation); } catch (err) { plaintext.fill(0); throw err; }
  const { blob, materialId } = sealed;
  return { key, plaintext, blob, materialId };
}
