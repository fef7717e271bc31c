/** AES-GCM calls of the format: header authentication and per-frame AAD/IV (ESDK-FORMAT §2.4, §4). */
import { AUTH_FAILED, openInto, sealInto, type GcmKey } from '@trent/gcm';
import { SdkError } from '../errors.js';
import { IV_LENGTH, TAG_LENGTH } from './suites.js';

const EMPTY = Buffer.alloc(0);

/** Content strings of the body AAD (spec: message-body-aad.md). */
export const FRAME_STRING = Buffer.from('AWSKMSEncryptionClient Frame', 'ascii');
export const FINAL_FRAME_STRING = Buffer.from('AWSKMSEncryptionClient Final Frame', 'ascii');
export const SINGLE_BLOCK_STRING = Buffer.from('AWSKMSEncryptionClient Single Block', 'ascii');

/** Computes the header tag: GCM over empty plaintext with AAD = header body ‖ EC-only-authenticated. */
export function headerTag(key: GcmKey, iv: Buffer, aad: Buffer[]): Buffer {
  const tag = Buffer.alloc(TAG_LENGTH);
  sealInto(key, iv, Buffer.concat(aad), EMPTY, tag, 0);
  return tag;
}

/** Verifies the header tag before anything from the header is used (spec: decrypt.md). */
export function verifyHeaderTag(key: GcmKey, iv: Buffer, aad: Buffer[], tag: Buffer): void {
  openFailing(() => openInto(key, iv, Buffer.concat(aad), tag, EMPTY, 0), 'header authentication failed: wrong key or altered header');
}

/** Runs one GCM open; a tag that does not verify becomes the SDK's AuthenticationFailed with `message`. */
export function openFailing(open: () => number, message: string): number {
  try { return open(); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === AUTH_FAILED) throw new SdkError('AuthenticationFailed', message);
    throw e;
  }
}

/** Bytes of a regular frame on the wire: sequence number ‖ IV ‖ ciphertext ‖ tag (spec: message-body.md). */
export const regularFrameSize = (frameLength: number) => 4 + IV_LENGTH + frameLength + TAG_LENGTH;
/** Bytes of the final frame before its ciphertext: final mark ‖ sequence number ‖ IV ‖ content length. */
export const FINAL_PREFIX = 8 + IV_LENGTH + 4;

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
