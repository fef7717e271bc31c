/** The message reader as a push-style state machine, shared by the one-shot and streaming decrypt (spec: client-apis/decrypt.md). */
import { SdkError } from '../errors.js';
import { NeedMoreBytes } from '../format/bytes.js';
import { parseHeader, type MessageHeader } from '../format/header.js';
import { assertSignature } from '../format/signature.js';
import { MessageHasher } from './hasher.js';
import type { DecryptionMaterials, Keyring, MaterialsManager } from '../materials.js';
import { ByteQueue } from './byte-queue.js';
import { BodyReader } from './body-reader.js';
import { resolveClient, STREAM_NON_FRAMED_LIMIT, type DecryptOptions, type Resolved } from './options.js';
import { authenticateHeader } from './header-auth.js';

type State = 'header' | 'body' | 'footer' | 'done';

/**
 * Who takes the plaintext: a one-shot call, a stream, or the file API. Only the file API gets a
 * signed message's last plaintext before the signature verified: it writes to a temporary file
 * that appears only once everything verified. The file API also reuses its input buffers, so
 * nothing may refer to a pushed chunk once the push settles. Streams and files may hash on a worker
 * thread and cap the non-framed bodies they hold; one-shot calls have their whole input in memory.
 */
export type Delivery = 'oneshot' | 'stream' | 'file';

/**
 * Decrypts one message: `push`* → `end`. Returned plaintext is always authenticated (its GCM tag
 * verified). For signed suites the final frame is held back until the footer signature verifies
 * (except for the file API, see {@link Delivery}), so the last bytes — and the end of output — only
 * ever follow a verified signature.
 */
export class MessageDecryptor {
  /** The parsed header, once read and authenticated. */
  header?: MessageHeader;
  private readonly queue = new ByteQueue();
  private readonly client: Resolved;
  private state: State = 'header';
  private body?: BodyReader;
  private verifier?: MessageHasher;
  private materials?: DecryptionMaterials;
  private held: Buffer[] = [];
  /** The first failure: sticky, so a caller that ignores an error cannot read on past it. */
  private failure?: unknown;

  constructor(source: Keyring | MaterialsManager, private readonly opts: DecryptOptions = {}, private readonly delivery: Delivery = 'oneshot') {
    this.client = resolveClient(source, opts);
  }

  /** Takes ciphertext; returns the plaintext it lets through (verified frames only). */
  async push(chunk: Uint8Array): Promise<Buffer[]> {
    const out: Buffer[] = [];
    await this.pushInto(chunk, out);
    return out;
  }

  /**
   * As {@link push}, but adds to `out`, so frames verified before a failure in the same chunk are kept.
   * Regular frames open into `plain` (the file API's reused buffers) when it can hold them all.
   */
  async pushInto(chunk: Uint8Array, out: Buffer[], plain?: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.step(chunk, out, plain);
      await this.verifier?.drained(); // the hasher lets go of the chunk's frames
      if (this.delivery === 'file') this.queue.own(); // and the queue of its unread tail: the caller refills the chunk
    } catch (e) {
      this.failure = e;
      this.dispose();
      throw e;
    }
  }

  /** Releases the worker slot (after a failure or an abandoned stream). */
  dispose(): void {
    this.body?.dispose();
    this.verifier?.dispose();
  }

  private async step(chunk: Uint8Array, out: Buffer[], plain?: Buffer): Promise<void> {
    if (this.state === 'done') {
      if (chunk.byteLength > 0) throw new SdkError('TrailingBytes', 'extra bytes after the end of the message');
      return;
    }
    this.queue.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (this.state === 'header' && !(await this.readHeader())) return;
    if (this.state === 'body') this.readBody(out, plain);
    if (this.current() === 'footer') await this.readFooter(out);
    if (this.current() === 'done' && this.queue.length > 0) throw new SdkError('TrailingBytes', 'extra bytes after the end of the message');
  }

  /** Signals the end of input: fails unless a whole message was read. */
  async end(): Promise<Buffer[]> {
    if (this.failure) throw this.failure;
    if (this.state !== 'done') {
      this.dispose();
      throw new SdkError('TruncatedMessage', `message ends early (inside the ${this.state})`);
    }
    return [];
  }

  /** The state after a step (a method call, so TypeScript does not narrow it away). */
  private current(): State { return this.state; }

  private async readHeader(): Promise<boolean> {
    let length;
    try { ({ length } = parseHeader(this.queue.peekAll(), this.client.maxEdks)); } catch (e) { if (e instanceof NeedMoreBytes) return false; throw e; }
    // parsed again from a copy of its own: the header's fields must not point into input buffers
    // that a caller reuses (the file API) or that would stay pinned for the whole message (streams)
    const headerBytes = Buffer.from(this.queue.take(length));
    const { header } = parseHeader(headerBytes);
    if (this.opts.refuseSigned && header.suite.signature) throw new SdkError('SignedSuiteRefused', `message uses signed suite ${header.suite.name}, refused: only unsigned messages are accepted`);
    this.materials = await this.client.cmm.decryptMaterials({ suite: header.suite, encryptionContext: header.encryptionContext, encryptedDataKeys: header.encryptedDataKeys, commitmentPolicy: this.client.policy });
    const key = authenticateHeader(header, this.materials.plaintextDataKey!, this.opts.encryptionContext);
    if (header.suite.signature) {
      this.verifier = new MessageHasher(header.suite, 'verify', this.materials.verificationKey!, this.delivery === 'oneshot' ? 'never' : this.opts.parallelHash ?? 'auto');
      this.verifier.update(headerBytes);
    }
    this.header = header;
    const limit = this.opts.maxNonFramedLength ?? (this.delivery === 'oneshot' ? Infinity : STREAM_NON_FRAMED_LIMIT);
    this.body = new BodyReader(header, key, this.queue, this.verifier, limit);
    this.state = 'body';
    return true;
  }

  private readBody(out: Buffer[], plain?: Buffer): void {
    if (!this.verifier || this.delivery === 'file') { if (this.body!.read(out, plain)) this.finishBody(); return; }
    // signed: keep the latest plaintext back (in memory of its own) so the end of output follows the signature check
    const fresh: Buffer[] = [];
    try { if (this.body!.read(fresh)) this.finishBody(); } finally {
      this.held.push(...fresh);
      while (this.held.length > 1) out.push(this.held.shift()!);
    }
  }

  private finishBody(): void {
    this.state = this.verifier ? 'footer' : 'done';
  }

  private async readFooter(out: Buffer[]): Promise<void> {
    if (this.queue.length < 2) return;
    const len = this.queue.peek(2).readUInt16BE(0);
    if (this.queue.length < 2 + len) return;
    const sig = this.queue.take(2 + len).subarray(2);
    assertSignature(await this.verifier!.verify(sig));
    out.push(...this.held);
    this.held = [];
    this.state = 'done';
  }
}
