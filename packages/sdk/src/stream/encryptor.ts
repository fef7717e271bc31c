/** The message writer as a push-style state machine, shared by the one-shot and streaming encrypt (ESDK-FORMAT §2, §4, §5). */
import { randomBytes, type KeyObject } from 'node:crypto';
import { gcmKey, sealInto, type GcmKey } from '@trent/gcm';
import { SdkError } from '../errors.js';
import { bodyAad, FINAL_FRAME_STRING, FRAME_STRING, headerTag, sequenceIv } from '../format/aead.js';
import { serializeHeaderAuth, serializeHeaderBody, FRAMED, type MessageHeader } from '../format/header.js';
import { deriveKeys } from '../format/kdf.js';
import { footerBytes } from '../format/signature.js';
import { MessageHasher, type ParallelHash } from './hasher.js';
import { IV_LENGTH, TAG_LENGTH, type AlgorithmSuite } from '../format/suites.js';
import { resolveClient, resolveEncrypt, type EncryptOptions } from './options.js';
import type { Keyring, MaterialsManager } from '../materials.js';

const MAX_FRAMES = 0xffffffff;
const FINAL_MARK = 0xffffffff;

/** Encrypts one message: `create` → `update`* → `finish`; every returned buffer is complete output. */
export class MessageEncryptor {
  /** The header as written (the metadata a caller may report). */
  readonly header: MessageHeader;
  private readonly suite: AlgorithmSuite;
  /** The derived key as a @trent/gcm handle (key schedule done once); destroyed when the message ends. */
  private readonly key: GcmKey;
  private readonly frameAad: Buffer;
  private readonly signer?: MessageHasher;
  private readonly iv = Buffer.alloc(IV_LENGTH);
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private seq = 0;
  private headerBytes?: Buffer;

  private constructor(header: MessageHeader, key: GcmKey, signingKey: KeyObject | undefined, hashing: ParallelHash) {
    this.header = header;
    this.suite = header.suite;
    this.key = key;
    this.frameAad = bodyAad(header.messageId, FRAME_STRING, 0, header.frameLength);
    if (signingKey) this.signer = new MessageHasher(this.suite, 'sign', signingKey, hashing);
    const auth = serializeHeaderAuth(header.version, header.headerIv, header.headerTag);
    this.headerBytes = Buffer.concat([header.body, auth]);
    this.signer?.update(this.headerBytes);
  }

  /** Gets materials, derives keys and builds the authenticated header. `streaming` lets large signed messages hash on a worker thread. */
  static async create(source: Keyring | MaterialsManager, opts: EncryptOptions = {}, streaming = false): Promise<MessageEncryptor> {
    const { cmm, policy, maxEdks } = resolveClient(source, opts);
    const { suite, frameLength, ec } = resolveEncrypt(opts);
    const m = await cmm.getEncryptionMaterials({ encryptionContext: ec, commitmentPolicy: policy, suite, plaintextLength: opts.plaintextLength, maxEncryptedDataKeys: opts.maxEncryptedDataKeys });
    if (m.encryptedDataKeys.length > maxEdks) throw new SdkError('TooManyEncryptedDataKeys', `materials have ${m.encryptedDataKeys.length} encrypted data keys, more than the maximum ${maxEdks}`);
    const s = m.suite;
    const messageId = randomBytes(s.messageFormat === 1 ? 16 : 32);
    const { key, commitKey } = deriveKeys(s, m.plaintextDataKey!, messageId);
    m.plaintextDataKey!.fill(0); // the derived key is all this message needs from here on
    const fields = { suite: s, messageId, encryptionContext: m.encryptionContext, encryptedDataKeys: m.encryptedDataKeys, frameLength, suiteData: commitKey };
    const body = serializeHeaderBody(fields);
    const headerIv = Buffer.alloc(IV_LENGTH); // spec: message-header.md, writers use a zero header IV
    const gcm = gcmKey(key);
    key.fill(0);
    const tag = headerTag(gcm, headerIv, [body]);
    const header: MessageHeader = { ...fields, version: s.messageFormat, contentType: FRAMED, body, headerIv, headerTag: tag };
    return new MessageEncryptor(header, gcm, m.signingKey, streaming ? opts.parallelHash ?? 'auto' : 'never');
  }

  /** Takes plaintext; returns the complete frames it allows (the last ≤ frame length bytes are held for the final frame). */
  update(chunk: Uint8Array): Buffer {
    const fl = this.header.frameLength;
    const total = this.pendingLength + chunk.byteLength;
    const n = total === 0 ? 0 : Math.floor((total - 1) / fl); // hold back up to one frame: it may be the final one
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const frames: Buffer[] = [];
    let used = 0;
    if (n > 0 && this.pendingLength > 0) {
      used = fl - this.pendingLength;
      frames.push(Buffer.concat([...this.pending, data.subarray(0, used)], fl));
      this.pending = []; this.pendingLength = 0;
    }
    while (frames.length < n) { frames.push(data.subarray(used, used + fl)); used += fl; }
    if (used < data.length) { this.pending.push(Buffer.from(data.subarray(used))); this.pendingLength += data.length - used; }
    return this.withHeader(this.sealFrames(frames));
  }

  /** Releases the worker slot when a stream is abandoned. */
  dispose(): void {
    this.key.destroy();
    this.signer?.dispose();
  }

  /** Resolves when the signature hashing has caught up (backpressure for streams). */
  drained(): Promise<void> { return this.signer?.drained() ?? Promise.resolve(); }

  /** Seals the final frame and, for signed suites, appends the footer. */
  async finish(): Promise<Buffer> {
    const last = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    const seq = this.nextSeq();
    const out = Buffer.allocUnsafe(8 + IV_LENGTH + 4 + last.length + TAG_LENGTH);
    out.writeUInt32BE(FINAL_MARK, 0); // spec: message-body.md, final frame sequence number end
    out.writeUInt32BE(seq, 4);
    sequenceIv(seq).copy(out, 8);
    out.writeUInt32BE(last.length, 20);
    sealInto(this.key, out.subarray(8, 20), bodyAad(this.header.messageId, FINAL_FRAME_STRING, seq, last.length), last, out, 24);
    last.fill(0);
    this.key.destroy(); // the final frame is the last use of the key
    this.signer?.update(out);
    const parts = [this.withHeader(out)];
    if (this.signer) parts.push(footerBytes(await this.signer.sign()));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Encrypts whole regular frames into one output buffer: one allocation per input chunk. */
  private sealFrames(frames: Buffer[]): Buffer {
    const fl = this.header.frameLength;
    const unit = 4 + IV_LENGTH + fl + TAG_LENGTH;
    const out = Buffer.allocUnsafe(frames.length * unit);
    const seqAt = this.frameAad.length - 12;
    for (let i = 0; i < frames.length; i++) {
      const seq = this.nextSeq(), p = i * unit;
      out.writeUInt32BE(seq, p);
      this.iv.writeUInt32BE(seq, IV_LENGTH - 4); // spec: message-body.md, IV = sequence number padded to 12 bytes
      out.set(this.iv, p + 4); // TypedArray#set: far cheaper per call than Buffer#copy on this hot path
      this.frameAad.writeUInt32BE(seq, seqAt);
      sealInto(this.key, this.iv, this.frameAad, frames[i]!, out, p + 4 + IV_LENGTH);
    }
    this.signer?.update(out);
    return out;
  }

  private nextSeq(): number {
    if (this.seq >= MAX_FRAMES) throw new SdkError('BadInput', 'too many frames: use a larger frame length');
    return ++this.seq;
  }

  /** Returns the serialized header now (once), so one-shot callers need not copy it onto the body. */
  takeHeader(): Buffer {
    const h = this.headerBytes ?? Buffer.alloc(0);
    this.headerBytes = undefined;
    return h;
  }

  /** Prepends the header to the first output (so output only ever holds complete units). */
  private withHeader(b: Buffer): Buffer {
    if (!this.headerBytes) return b;
    const h = this.headerBytes;
    this.headerBytes = undefined;
    return b.length === 0 ? h : Buffer.concat([h, b]);
  }
}
