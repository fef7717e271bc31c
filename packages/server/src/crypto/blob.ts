/**
 * Trent's symmetric ciphertext blob, format v1 (docs/formats.md):
 *   0x01 ‖ key id (16, UUID bytes) ‖ key material id (32) ‖ salt (16) ‖ IV (12) ‖ ciphertext ‖ tag (16)
 * A multi-Region key's blob is the same with format byte 0x02 and the 16 bytes of the id's hex part.
 * The per-message key is HKDF-SHA-256(material, salt, "trent/v1/symmetric"), so a random 96-bit IV
 * never repeats under one key however many messages a KMS key encrypts. The AAD binds the header
 * and the canonically encoded encryption context.
 */
import { AuthError, IV_LEN, TAG_LEN, gcmOpen, gcmSeal, hkdf256 } from './aead.js';
import { encodeContext, lengthPrefixed } from './encoding.js';
import { random } from './random.js';

const V1 = 0x01;
const V1_MRK = 0x02; // the v1 layout, key id `mrk-` ‖ hex
const MRK_PREFIX = 'mrk-';
const HEADER_LEN = 1 + 16 + 32; // version, key id, material id
const SALT_LEN = 16;
const BODY_OFFSET = HEADER_LEN + SALT_LEN + IV_LEN;
const INFO = Buffer.from('trent/v1/symmetric');
const AAD_LABEL = Buffer.from('trent-ciphertext-v1');

/** Raised for a blob that is malformed or does not authenticate: one reasonless failure. */
export class BadCiphertext extends Error {}

/** What a blob says before it is opened. */
export interface BlobHeader { keyId: string; materialId: string }

/** The 16 bytes of a key id (a UUID or `mrk-` ‖ 32 hex) as blobs and import tokens hold them. */
export function keyIdBytes(id: string): Buffer {
  return Buffer.from(id.startsWith(MRK_PREFIX) ? id.slice(MRK_PREFIX.length) : id.replace(/-/g, ''), 'hex');
}

/** The key id that 16 id bytes stand for: a UUID, or `mrk-` ‖ hex for a multi-Region key. */
export function keyIdString(b: Buffer, multiRegion = false): string {
  const h = b.toString('hex');
  if (multiRegion) return MRK_PREFIX + h;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function aadOf(header: Buffer, context: Readonly<Record<string, string>> | undefined): Buffer {
  return lengthPrefixed([AAD_LABEL, header, encodeContext(context)]);
}

/** Encrypts `plaintext` under one key material (32 bytes, id given as 64 hex chars). */
export function sealBlob(keyId: string, materialId: string, material: Buffer, plaintext: Buffer, context?: Readonly<Record<string, string>>): Buffer {
  const head = Buffer.allocUnsafe(BODY_OFFSET);
  head[0] = keyId.startsWith(MRK_PREFIX) ? V1_MRK : V1;
  keyIdBytes(keyId).copy(head, 1);
  head.write(materialId, 17, 32, 'hex');
  random(SALT_LEN + IV_LEN).copy(head, HEADER_LEN);
  const dk = hkdf256(material, head.subarray(HEADER_LEN, HEADER_LEN + SALT_LEN), INFO, 32);
  try {
    return gcmSeal(dk, head.subarray(HEADER_LEN + SALT_LEN), plaintext, aadOf(head.subarray(0, HEADER_LEN), context), head);
  } finally { dk.fill(0); }
}

/** Reads the key and material a blob names, without opening it. */
export function parseBlobHeader(blob: Buffer): BlobHeader {
  if (blob.length < BODY_OFFSET + TAG_LEN || (blob[0] !== V1 && blob[0] !== V1_MRK)) throw new BadCiphertext();
  return { keyId: keyIdString(blob.subarray(1, 17), blob[0] === V1_MRK), materialId: blob.toString('hex', 17, HEADER_LEN) };
}

/** Opens a blob with the material its header names; throws BadCiphertext on any mismatch. */
export function openBlob(blob: Buffer, material: Buffer, context?: Readonly<Record<string, string>>): Buffer {
  const salt = blob.subarray(HEADER_LEN, HEADER_LEN + SALT_LEN);
  const dk = hkdf256(material, salt, INFO, 32);
  try {
    return gcmOpen(dk, blob.subarray(HEADER_LEN + SALT_LEN, BODY_OFFSET), blob.subarray(BODY_OFFSET), aadOf(blob.subarray(0, HEADER_LEN), context));
  } catch (err) {
    if (err instanceof AuthError) throw new BadCiphertext();
    throw err;
  } finally { dk.fill(0); }
}
