/** AES-GCM calls of the format: header authentication and per-frame AAD/IV (ESDK-FORMAT §2.4, §4). */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { SdkError } from '../errors.js';
import { IV_LENGTH, TAG_LENGTH, type AlgorithmSuite } from './suites.js';

/** Content strings of the body AAD (spec: message-body-aad.md). */
export const FRAME_STRING = Buffer.from('AWSKMSEncryptionClient Frame', 'ascii');
export const FINAL_FRAME_STRING = Buffer.from('AWSKMSEncryptionClient Final Frame', 'ascii');
export const SINGLE_BLOCK_STRING = Buffer.from('AWSKMSEncryptionClient Single Block', 'ascii');

/** Computes the header tag: GCM over empty plaintext with AAD = header body ‖ EC-only-authenticated. */
export function headerTag(suite: AlgorithmSuite, key: Buffer, iv: Buffer, aad: Buffer[]): Buffer {
  const c = createCipheriv(suite.cipher, key, iv, { authTagLength: TAG_LENGTH });
  for (const part of aad) c.setAAD(part);
  c.final();
  return c.getAuthTag();
}

/** Verifies the header tag before anything from the header is used (spec: decrypt.md). */
export function verifyHeaderTag(suite: AlgorithmSuite, key: Buffer, iv: Buffer, aad: Buffer[], tag: Buffer): void {
  const d = createDecipheriv(suite.cipher, key, iv, { authTagLength: TAG_LENGTH });
  for (const part of aad) d.setAAD(part);
  d.setAuthTag(tag);
  try { d.final(); } catch { throw new SdkError('AuthenticationFailed', 'header authentication failed: wrong key or altered header'); }
}

/** IV of a body piece: sequence number as UInt32, left-padded with zeros to 12 bytes (spec: message-body.md). */
export function sequenceIv(seq: number): Buffer {
  const iv = Buffer.alloc(IV_LENGTH);
  iv.writeUInt32BE(seq, IV_LENGTH - 4);
  return iv;
}

/** Body AAD: message ID ‖ content string ‖ UInt32 sequence ‖ UInt64 length (spec: message-body-aad.md). */
export function bodyAad(messageId: Buffer, content: Buffer, seq: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(messageId.length + content.length + 12);
  messageId.copy(out, 0);
  content.copy(out, messageId.length);
  let p = messageId.length + content.length;
  out.writeUInt32BE(seq, p); p += 4;
  out.writeUInt32BE(Math.floor(length / 2 ** 32), p); // UInt64 as two halves: lengths stay below 2^53
  out.writeUInt32BE(length >>> 0, p + 4);
  return out;
}
