/** Reads and authenticates the message body, framed or non-framed (ESDK-FORMAT §4; spec: message-body.md). */
import { createDecipheriv, createSecretKey, type DecipherGCM, type KeyObject } from 'node:crypto';
import { gcmKey, openInto, type GcmKey } from '@trent/gcm';
import { SdkError } from '../errors.js';
import { bodyAad, FINAL_FRAME_STRING, FRAME_STRING, openFailing, FINAL_PREFIX, regularFrameSize, SINGLE_BLOCK_STRING } from '../format/aead.js';
import { FRAMED, type MessageHeader } from '../format/header.js';
import { IV_LENGTH, TAG_LENGTH } from '../format/suites.js';
import type { ByteQueue } from './byte-queue.js';
import type { MessageHasher } from './hasher.js';

const FINAL_MARK = 0xffffffff;
const MAX_NON_FRAMED = 2 ** 36 - 32; // spec: message-body.md, non-framed content length limit

/** Pulls complete frames out of the queue, verifies each tag, and emits only verified plaintext. */
export class BodyReader {
  private seq = 1;
  private readonly frameAad: Buffer;
  private readonly regularSize: number;
  /** Non-framed: decipher in progress and its held plaintext (released only after the tag verifies). */
  private single?: { decipher: DecipherGCM; left: number; held: Buffer[] };

  /** The message key (the caller's Buffer is zeroed here): a @trent/gcm handle for frames, a KeyObject for the streamed non-framed decipher. */
  private readonly frameKey?: GcmKey;
  private readonly singleKey?: KeyObject;

  constructor(private readonly header: MessageHeader, key: Buffer, private readonly queue: ByteQueue, private readonly verifier?: MessageHasher, private readonly maxNonFramed = Infinity) {
    if (header.contentType === FRAMED) this.frameKey = gcmKey(key);
    else this.singleKey = createSecretKey(key);
    key.fill(0);
    this.frameAad = bodyAad(header.messageId, FRAME_STRING, 0, header.frameLength);
    this.regularSize = regularFrameSize(header.frameLength);
  }

  /**
   * Reads what the queue allows; returns true once the body is complete. Regular frames open into
   * `into` (a caller's reused buffer) when it can hold them all, else into one fresh buffer.
   */
  read(out: Buffer[], into?: Buffer): boolean {
    return this.header.contentType === FRAMED ? this.readFrames(out, into) : this.readSingle(out);
  }

  /** Releases the frame key (after the body, or when the message is abandoned). */
  dispose(): void {
    this.frameKey?.destroy();
  }

  /** Opens the whole regular frames queued into one plaintext buffer; verified frames before a failure still come out. */
  private readFrames(out: Buffer[], into?: Buffer): boolean {
    const q = this.queue, fl = this.header.frameLength;
    const room = Math.floor(q.length / this.regularSize) * fl;
    const plain = into && into.length >= room ? into : Buffer.allocUnsafe(room);
    let written = 0, seq = 0;
    try {
      while (q.length >= 4) {
        seq = q.peek(4).readUInt32BE(0);
        if (seq === FINAL_MARK) break;
        if (seq !== this.seq) throw new SdkError('MalformedMessage', `frame ${this.seq} expected, found ${seq}`); // spec: frames in order
        if (q.length < this.regularSize) return false;
        const frame = q.take(this.regularSize);
        this.verifier?.update(frame);
        this.frameAad.writeUInt32BE(seq, this.frameAad.length - 12);
        written += this.open(frame.subarray(4, 16), this.frameAad, frame.subarray(16), plain, written);
        this.seq++;
      }
    } finally {
      if (written > 0) out.push(plain.subarray(0, written));
    }
    return seq === FINAL_MARK && this.readFinal(out);
  }

  private readFinal(out: Buffer[]): boolean {
    const q = this.queue;
    if (q.length < FINAL_PREFIX) return false;
    const prefix = q.peek(FINAL_PREFIX);
    const seq = prefix.readUInt32BE(4), len = prefix.readUInt32BE(20);
    if (seq !== this.seq) throw new SdkError('MalformedMessage', `final frame ${this.seq} expected, found ${seq}`);
    if (len > this.header.frameLength) throw new SdkError('MalformedMessage', 'final frame longer than the frame length'); // spec: message-body.md
    if (q.length < FINAL_PREFIX + len + TAG_LENGTH) return false;
    const frame = q.take(FINAL_PREFIX + len + TAG_LENGTH);
    this.verifier?.update(frame);
    const aad = bodyAad(this.header.messageId, FINAL_FRAME_STRING, seq, len);
    const plain = Buffer.allocUnsafe(len);
    this.open(frame.subarray(8, 20), aad, frame.subarray(FINAL_PREFIX), plain, 0);
    push(out, plain);
    this.dispose();
    return true;
  }

  /** Non-framed: decrypts as bytes arrive but releases nothing until the single tag verifies. */
  private readSingle(out: Buffer[]): boolean {
    const q = this.queue;
    if (!this.single) {
      if (q.length < IV_LENGTH + 8) return false;
      const prefix = q.take(IV_LENGTH + 8);
      this.verifier?.update(prefix);
      const len = Number(prefix.readBigUInt64BE(IV_LENGTH));
      if (len > MAX_NON_FRAMED) throw new SdkError('MalformedMessage', 'non-framed content longer than 2^36 - 32 bytes');
      if (len > this.maxNonFramed) throw new SdkError('BadInput', `non-framed message of ${len} bytes exceeds the ${this.maxNonFramed}-byte limit for streaming (use a one-shot decrypt)`);
      const d = createDecipheriv(this.header.suite.cipher, this.singleKey!, prefix.subarray(0, IV_LENGTH), { authTagLength: TAG_LENGTH }) as DecipherGCM;
      d.setAAD(bodyAad(this.header.messageId, SINGLE_BLOCK_STRING, 1, len));
      this.single = { decipher: d, left: len, held: [] };
    }
    const s = this.single;
    if (s.left > 0 && q.length > 0) {
      const piece = q.take(Math.min(s.left, q.length));
      this.verifier?.update(piece);
      s.held.push(s.decipher.update(piece));
      s.left -= piece.length;
    }
    if (s.left > 0 || q.length < TAG_LENGTH) return false;
    const tag = q.take(TAG_LENGTH);
    this.verifier?.update(tag);
    s.decipher.setAuthTag(tag);
    try { s.decipher.final(); } catch { throw new SdkError('AuthenticationFailed', 'message body authentication failed: the message was altered'); }
    for (const b of s.held) push(out, b);
    return true;
  }

  /** One GCM open of ciphertext ‖ tag into `plain` at `at`; on a bad tag @trent/gcm leaves those bytes zeroed. */
  private open(iv: Buffer, aad: Buffer, sealed: Buffer, plain: Buffer, at: number): number {
    return openFailing(() => openInto(this.frameKey!, iv, aad, sealed, plain, at), `frame ${this.seq} failed authentication: the message was altered or truncated`);
  }
}

const push = (out: Buffer[], b: Buffer) => { if (b.length > 0) out.push(b); };
