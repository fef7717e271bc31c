/** The message writer as a push-style state machine, shared by the one-shot and streaming encrypt (ESDK-FORMAT §2, §4, §5). */
import { randomBytes, type KeyObject } from 'node:crypto';
import { gcmKey, sealInto, type GcmKey } from '@trent/gcm';
import { SdkError } from '../errors.js';
import { bodyAad, FINAL_FRAME_STRING, FRAME_STRING, headerTag, FINAL_PREFIX, regularFrameSize, sequenceIv } from '../format/aead.js';
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
  /** Plaintext held back for the next frame (it may be the final one); one buffer reused, grown up to the frame length. */
  private pending = Buffer.alloc(0);
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
    const out = Buffer.allocUnsafe(this.updateLength(chunk.byteLength));
    this.updateInto(chunk, out, 0);
    return out;
  }

  /** Exactly how many bytes {@link updateInto} writes for `n` more plaintext bytes (the header too, the first time). */
  updateLength(n: number): number {
    const frames = this.framesFor(n) * regularFrameSize(this.header.frameLength);
    return (this.headerBytes?.length ?? 0) + frames;
  }

  /**
   * As {@link update}, but seals into `out` at `at` (which must hold {@link updateLength} bytes) and
   * returns the bytes written. `chunk` may be reused at once; `out`'s bytes must stay untouched until
   * {@link drained} resolves (the signature hasher may still hold them).
   */
  updateInto(chunk: Uint8Array, out: Buffer, at: number): number {
    const fl = this.header.frameLength;
    const need = this.updateLength(chunk.byteLength);
    if (out.length - at < need) throw new SdkError('BadInput', `output buffer too small: ${need} bytes needed`);
    const n = this.framesFor(chunk.byteLength);
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let p = at + this.writeHeader(out, at), used = 0, sealed = 0;
    const start = p;
    if (n > 0 && this.pendingLength > 0) {
      used = fl - this.pendingLength;
      this.holdBack(data.subarray(0, used));
      p = this.sealFrame(this.pending.subarray(0, fl), out, p);
      this.pendingLength = 0;
      sealed = 1;
    }
    for (; sealed < n; sealed++, used += fl) p = this.sealFrame(data.subarray(used, used + fl), out, p);
    this.holdBack(data.subarray(used));
    this.signer?.update(out.subarray(start, p));
    return p - at;
  }

  /** Releases the worker slot when a stream is abandoned. */
  dispose(): void {
    this.pending.fill(0);
    this.key.destroy();
    this.signer?.dispose();
  }

  /** Resolves when the signature hashing has caught up (backpressure for streams). */
  drained(): Promise<void> { return this.signer?.drained() ?? Promise.resolve(); }

  /** Seals the final frame and, for signed suites, appends the footer (after the header, if no output came before). */
  async finish(): Promise<Buffer> {
    const last = this.pending.subarray(0, this.pendingLength);
    const seq = this.nextSeq();
    const out = Buffer.allocUnsafe((this.headerBytes?.length ?? 0) + FINAL_PREFIX + last.length + TAG_LENGTH);
    const p = this.writeHeader(out, 0);
    out.writeUInt32BE(FINAL_MARK, p); // spec: message-body.md, final frame sequence number end
    out.writeUInt32BE(seq, p + 4);
    sequenceIv(seq).copy(out, p + 8);
    out.writeUInt32BE(last.length, p + 20);
    sealInto(this.key, out.subarray(p + 8, p + 20), bodyAad(this.header.messageId, FINAL_FRAME_STRING, seq, last.length), last, out, p + FINAL_PREFIX);
    this.pending.fill(0);
    this.pendingLength = 0;
    this.key.destroy(); // the final frame is the last use of the key
    this.signer?.update(out.subarray(p));
    return this.signer ? Buffer.concat([out, footerBytes(await this.signer.sign())]) : out;
  }

  /** Seals one regular frame (seq ‖ IV ‖ ciphertext ‖ tag) into `out` at `p`; returns the offset after it. */
  private sealFrame(plain: Buffer, out: Buffer, p: number): number {
    const seq = this.nextSeq();
    out.writeUInt32BE(seq, p);
    this.iv.writeUInt32BE(seq, IV_LENGTH - 4); // spec: message-body.md, IV = sequence number padded to 12 bytes
    out.set(this.iv, p + 4); // TypedArray#set: far cheaper per call than Buffer#copy on this hot path
    this.frameAad.writeUInt32BE(seq, this.frameAad.length - 12);
    return p + 4 + IV_LENGTH + sealInto(this.key, this.iv, this.frameAad, plain, out, p + 4 + IV_LENGTH);
  }

  /** Whole frames that `n` more bytes complete; up to one frame is held back, as it may be the final one. */
  private framesFor(n: number): number {
    const total = this.pendingLength + n;
    return total === 0 ? 0 : Math.floor((total - 1) / this.header.frameLength);
  }

  /** Appends plaintext to the held-back frame, growing its buffer (at most to the frame length) when needed. */
  private holdBack(b: Buffer): void {
    const need = this.pendingLength + b.length;
    if (need > this.pending.length) {
      const grown = Buffer.alloc(Math.min(this.header.frameLength, Math.max(need, 2 * this.pending.length)));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending.fill(0); // plaintext does not linger in the dropped buffer
      this.pending = grown;
    }
    this.pending.set(b, this.pendingLength);
    this.pendingLength = need;
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

  /** Copies the header into the first output (unless taken), so output only ever holds complete units; returns its length. */
  private writeHeader(out: Buffer, at: number): number {
    const h = this.headerBytes;
    if (!h) return 0;
    this.headerBytes = undefined;
    out.set(h, at);
    return h.length;
  }
}
