/** Message header: serialization and parsing for v1 and v2 (ESDK-FORMAT §2.1, §2.2, §2.4). */
import { SdkError } from '../errors.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { parseContext, serializeContext, type EncryptionContext } from './context.js';
import { IV_LENGTH, TAG_LENGTH, suiteById, type AlgorithmSuite } from './suites.js';

/** One encrypted data key as stored in the header. */
export interface EncryptedDataKey {
  readonly providerId: string;
  readonly providerInfo: Buffer;
  readonly ciphertext: Buffer;
}

/** Content types (spec: message-header.md, content type). */
export const NON_FRAMED = 1;
export const FRAMED = 2;

/** Everything the header says, plus the exact bytes it was read from (they are authenticated as-is). */
export interface MessageHeader {
  readonly version: 1 | 2;
  readonly suite: AlgorithmSuite;
  readonly messageId: Buffer;
  readonly encryptionContext: EncryptionContext;
  readonly encryptedDataKeys: readonly EncryptedDataKey[];
  readonly contentType: typeof NON_FRAMED | typeof FRAMED;
  readonly frameLength: number;
  /** v2 only: the commit key (algorithm suite data). */
  readonly suiteData?: Buffer;
  /** The serialized header body (everything before the authentication). */
  readonly body: Buffer;
  /** v1: the stored header IV; v2: 12 zero bytes (implicit). */
  readonly headerIv: Buffer;
  readonly headerTag: Buffer;
}

/** What the writer needs to build a header body. */
export interface HeaderFields {
  suite: AlgorithmSuite; messageId: Buffer; encryptionContext: EncryptionContext;
  encryptedDataKeys: readonly EncryptedDataKey[]; frameLength: number; suiteData?: Buffer;
}

/** Serializes a framed header body (writers never produce non-framed messages: spec encrypt.md). */
export function serializeHeaderBody(f: HeaderFields): Buffer {
  const v2 = f.suite.messageFormat === 2;
  const w = new ByteWriter().u8(f.suite.messageFormat);
  if (!v2) w.u8(0x80); // spec: message-header.md, type 128 (customer authenticated encrypted data)
  w.u16(f.suite.id).raw(f.messageId);
  w.lv16(serializeContext(f.encryptionContext), 'encryption context');
  if (f.encryptedDataKeys.length === 0 || f.encryptedDataKeys.length > 0xffff) throw new SdkError('BadInput', 'EDK count must be 1..65535');
  w.u16(f.encryptedDataKeys.length);
  for (const k of f.encryptedDataKeys) w.lv16(Buffer.from(k.providerId, 'utf8'), 'provider ID').lv16(k.providerInfo, 'provider info').lv16(k.ciphertext, 'EDK');
  w.u8(FRAMED);
  if (!v2) w.raw(Buffer.alloc(4)).u8(IV_LENGTH); // reserved zeros, IV length
  w.u32(f.frameLength);
  if (v2) w.raw(f.suiteData!);
  return w.bytes();
}

/** Serializes the header authentication: v1 = IV ‖ tag, v2 = tag (spec: message-header.md). */
export function serializeHeaderAuth(version: 1 | 2, iv: Buffer, tag: Buffer): Buffer {
  return version === 1 ? Buffer.concat([iv, tag]) : tag;
}

/**
 * Parses a header from the start of `buf`; throws NeedMoreBytes if `buf` ends inside it.
 * `maxEdks` is checked as soon as the count is read, before any EDK is parsed (spec: client.md).
 */
export function parseHeader(buf: Buffer, maxEdks = Infinity): { header: MessageHeader; length: number } {
  const r = new ByteReader(buf);
  const version = r.u8();
  if (version !== 1 && version !== 2) throw new SdkError('MalformedMessage', badVersionMessage(buf));
  if (version === 1 && r.u8() !== 0x80) throw new SdkError('MalformedMessage', 'unknown message type');
  const suite = suiteById(r.u16());
  if (suite.messageFormat !== version) throw new SdkError('MalformedMessage', `suite ${suite.name} is not valid in a v${version} message`);
  const messageId = r.raw(version === 1 ? 16 : 32);
  const encryptionContext = parseContext(r.lv16());
  const encryptedDataKeys = parseEdks(r, maxEdks);
  const contentType = r.u8();
  if (contentType !== NON_FRAMED && contentType !== FRAMED) throw new SdkError('MalformedMessage', 'unknown content type');
  if (version === 1) {
    if (r.u32() !== 0) throw new SdkError('MalformedMessage', 'reserved header bytes are not zero');
    if (r.u8() !== IV_LENGTH) throw new SdkError('MalformedMessage', 'header IV length does not match the suite');
  }
  const frameLength = r.u32();
  if (contentType === NON_FRAMED && frameLength !== 0) throw new SdkError('MalformedMessage', 'non-framed message with a frame length');
  if (contentType === FRAMED && frameLength === 0) throw new SdkError('MalformedMessage', 'framed message with frame length 0');
  const suiteData = version === 2 ? r.raw(32) : undefined;
  const body = buf.subarray(0, r.pos);
  const headerIv = version === 1 ? r.raw(IV_LENGTH) : Buffer.alloc(IV_LENGTH);
  const headerTag = r.raw(TAG_LENGTH);
  const header: MessageHeader = { version, suite, messageId, encryptionContext, encryptedDataKeys, contentType, frameLength, suiteData, body, headerIv, headerTag };
  return { header, length: r.pos };
}

function parseEdks(r: ByteReader, maxEdks: number): EncryptedDataKey[] {
  const count = r.u16();
  if (count === 0) throw new SdkError('MalformedMessage', 'message has no encrypted data keys');
  if (count > maxEdks) throw new SdkError('TooManyEncryptedDataKeys', `message has ${count} encrypted data keys, more than the maximum ${maxEdks}`);
  const edks: EncryptedDataKey[] = [];
  for (let i = 0; i < count; i++) {
    const providerId = r.lv16().toString('utf8');
    edks.push({ providerId, providerInfo: r.lv16(), ciphertext: r.lv16() });
  }
  return edks;
}

/** Explains the most common wrong input: Base64 text instead of the binary message (spec: decrypt.md). */
function badVersionMessage(buf: Buffer): string {
  const head = buf.subarray(0, 2).toString('latin1');
  if (head === 'AY' || head === 'Ag') return 'input looks Base64-encoded (starts with "' + head + '"); decode it first (--decode)';
  return 'not an encrypted message: unknown format version';
}
