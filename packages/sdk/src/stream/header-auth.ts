/** Header checks that need the data key: reproduced EC, key commitment and the header tag (spec: client-apis/decrypt.md). */
import { gcmKey } from '@trent/gcm';
import { SdkError } from '../errors.js';
import { verifyHeaderTag } from '../format/aead.js';
import { serializeContext, type EncryptionContext } from '../format/context.js';
import type { MessageHeader } from '../format/header.js';
import { deriveKeys, verifyCommitment } from '../format/kdf.js';

/**
 * Checks a decrypt-time EC against the header: a key present in both must have the same value;
 * keys absent from the header are returned as the "EC to only authenticate" (spec: decrypt.md).
 */
export function reproducedContext(header: MessageHeader, reproduced: EncryptionContext | undefined): EncryptionContext {
  const onlyAuth: EncryptionContext = {};
  for (const [k, v] of Object.entries(reproduced ?? {})) {
    if (!Object.hasOwn(header.encryptionContext, k)) onlyAuth[k] = v;
    else if (header.encryptionContext[k] !== v) throw new SdkError('EncryptionContext', `encryption context value for "${k}" does not match the message`);
  }
  return onlyAuth;
}

/** Derives the message key, verifies commitment and the header tag; zeroes the data key. Returns the message key. */
export function authenticateHeader(header: MessageHeader, dataKey: Buffer, reproduced?: EncryptionContext): Buffer {
  const onlyAuth = reproducedContext(header, reproduced);
  const { key, commitKey } = deriveKeys(header.suite, dataKey, header.messageId);
  dataKey.fill(0);
  const k = gcmKey(key);
  try {
    if (header.suite.committing) verifyCommitment(commitKey, header.suiteData); // spec: decrypt.md, before the header tag
    verifyHeaderTag(k, header.headerIv, [header.body, serializeContext(onlyAuth)], header.headerTag);
  } catch (e) {
    key.fill(0);
    throw e;
  } finally {
    k.destroy();
  }
  return key;
}
