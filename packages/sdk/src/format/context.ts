/** Encryption context: validation and the canonical serialization (ESDK-FORMAT §2.3). */
import { SdkError } from '../errors.js';
import { ByteReader, ByteWriter } from './bytes.js';

/** An encryption context: non-secret string pairs bound to the message as AAD. */
export type EncryptionContext = Record<string, string>;

/** Prefix reserved for the SDK's own keys (spec: structures.md, encryption context). */
export const RESERVED_PREFIX = 'aws-crypto-';
/** Key carrying the signed suites' verification key (spec: default-cmm.md). */
export const PUBLIC_KEY_FIELD = 'aws-crypto-public-key';

/** Refuses user-supplied keys in the reserved namespace (spec: encrypt.md, "reserved prefix"). */
export function assertNoReservedKeys(ec: EncryptionContext): void {
  for (const k of Object.keys(ec)) {
    if (k.startsWith(RESERVED_PREFIX)) throw new SdkError('EncryptionContext', `encryption context key "${k}" uses the reserved prefix ${RESERVED_PREFIX}`);
  }
}

/** Byte-wise comparison of UTF-8 encodings: the canonical order (never localeCompare). */
export const compareBytes = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

/** Serializes an EC: pairs sorted by the key's UTF-8 bytes, UInt16 lengths; empty EC → empty bytes. */
export function serializeContext(ec: EncryptionContext): Buffer {
  const pairs = Object.entries(ec).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  if (pairs.length === 0) return Buffer.alloc(0);
  if (pairs.length > 0xffff) throw new SdkError('EncryptionContext', 'too many encryption context pairs');
  pairs.sort((a, b) => compareBytes(a[0], b[0])); // spec: structures.md, sorted by UTF-8 bytes of the key
  const w = new ByteWriter().u16(pairs.length);
  for (const [k, v] of pairs) w.lv16(k, 'encryption context key').lv16(v, 'encryption context value');
  const out = w.bytes();
  if (out.length > 0xffff) throw new SdkError('EncryptionContext', 'serialized encryption context longer than 65535 bytes');
  return out;
}

/** Parses a serialized EC, refusing duplicate keys, bad UTF-8 and stray bytes (order is not enforced: the bytes are authenticated as written). */
export function parseContext(buf: Buffer): EncryptionContext {
  const ec: EncryptionContext = Object.create(null);
  if (buf.length === 0) return ec;
  const r = new ByteReader(buf);
  const count = r.u16();
  if (count === 0) throw new SdkError('MalformedMessage', 'encryption context with zero pairs must be empty');
  for (let i = 0; i < count; i++) {
    const k = strictUtf8(r.lv16()), v = strictUtf8(r.lv16());
    if (Object.hasOwn(ec, k)) throw new SdkError('MalformedMessage', 'duplicate encryption context key');
    ec[k] = v;
  }
  if (r.pos !== buf.length) throw new SdkError('MalformedMessage', 'extra bytes after the encryption context');
  return ec;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function strictUtf8(b: Buffer): string {
  try { return decoder.decode(b); } catch { throw new SdkError('MalformedMessage', 'encryption context is not valid UTF-8'); }
}
