/**
 * Trent's ciphertext blob for keys in an external key store, format v3 (docs/formats.md): double
 * encryption. The inner layer is a complete v1 blob under the KMS key's Trent-held material; the outer
 * layer is that v1 blob encrypted by the external key through the XKS proxy (AES-GCM), whose IV, tag
 * and ciphertext metadata are kept here:
 *   0x03 ‖ key id (16) ‖ material id (32) ‖ IV length (1) ‖ IV (12|16) ‖ tag (16)
 *        ‖ metadata length (1) ‖ ciphertext metadata (0–20) ‖ outer ciphertext (as long as the v1 blob)
 * The AAD given to the proxy binds the v3 header and the canonically encoded encryption context.
 */
import { BadCiphertext, keyIdBytes, keyIdString } from './blob.js';
import { encodeContext, lengthPrefixed } from './encoding.js';

const V3 = 0x03;
const HEADER_LEN = 1 + 16 + 32;
const TAG_LEN = 16;
const MAX_METADATA = 20;
const AAD_LABEL = Buffer.from('trent-xks-ciphertext-v3');

/** The external layer of a v3 blob, as the proxy's Encrypt returned it. */
export interface OuterLayer { ciphertext: Buffer; iv: Buffer; tag: Buffer; metadata: Buffer }

/** A parsed v3 blob. */
export interface XksBlob extends OuterLayer { keyId: string; materialId: string; header: Buffer }

/** True when the blob claims format v3. */
export function isXksBlob(blob: Buffer): boolean {
  return blob.length > 0 && blob[0] === V3;
}

/** The v3 header: format byte, key id, material id. */
export function xksHeader(keyId: string, materialId: string): Buffer {
  const h = Buffer.alloc(HEADER_LEN);
  h[0] = V3;
  keyIdBytes(keyId).copy(h, 1);
  h.write(materialId, 17, 32, 'hex');
  return h;
}

/** The AAD sent to the proxy for both Encrypt and Decrypt. */
export function xksAad(header: Buffer, context: Readonly<Record<string, string>> | undefined): Buffer {
  return lengthPrefixed([AAD_LABEL, header, encodeContext(context)]);
}

/** Assembles a v3 blob from its header and the proxy's answer. */
export function composeXksBlob(header: Buffer, o: OuterLayer): Buffer {
  return Buffer.concat([header, Buffer.from([o.iv.length]), o.iv, o.tag, Buffer.from([o.metadata.length]), o.metadata, o.ciphertext]);
}

/** Splits a v3 blob; throws BadCiphertext when it is malformed. */
export function parseXksBlob(blob: Buffer): XksBlob {
  if (!isXksBlob(blob) || blob.length < HEADER_LEN + 1) throw new BadCiphertext();
  let o = HEADER_LEN;
  const ivLen = blob[o++]!;
  if ((ivLen !== 12 && ivLen !== 16) || blob.length < o + ivLen + TAG_LEN + 1) throw new BadCiphertext();
  const iv = blob.subarray(o, o += ivLen);
  const tag = blob.subarray(o, o += TAG_LEN);
  const metaLen = blob[o++]!;
  if (metaLen > MAX_METADATA || blob.length < o + metaLen + 1) throw new BadCiphertext();
  const metadata = blob.subarray(o, o += metaLen);
  return {
    keyId: keyIdString(blob.subarray(1, 17)), materialId: blob.toString('hex', 17, HEADER_LEN), header: blob.subarray(0, HEADER_LEN),
    iv, tag, metadata, ciphertext: blob.subarray(o),
  };
}
