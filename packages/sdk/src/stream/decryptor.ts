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
 * Decrypts one message: `push`* → `end`. Returned plaintext is always authenticated (its GCM tag
 * verified). For signed suites the final frame is held back until the footer signature verifies,
 * so the last bytes — and the end of output — only ever follow a verified signature.
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

  /** `streaming` lets large signed messages hash on a worker thread. */
  constructor(source: Keyring | MaterialsManager, private readonly opts: DecryptOptions = {}, private readonly streaming = false) {
    this.client = resolveClient(source, opts);
  }

  /** Takes ciphertext; returns the plaintext it lets through (verified frames only). */
  async push(chunk: Uint8Array): Promise<Buffer[]> {
    const out: Buffer[] = [];
    await this.pushInto(chunk, out);
    return out;
  }

  /** As {@link push}, but adds to `out`, so frames verified before a failure in the same chunk are kept. */
  async pushInto(chunk: Uint8Array, out: Buffer[]): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.step(chunk, out);
      await this.verifier?.drained();
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

  private async step(chunk: Uint8Array, out: Buffer[]): Promise<void> {
    if (this.state === 'done') {
      if (chunk.byteLength > 0) throw new SdkError('TrailingBytes', 'extra bytes after the end of the message');
      return;
    }
    this.queue.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (this.state === 'header' && !(await this.readHeader())) return;
    if (this.state === 'body') this.readBody(out);
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
    let parsed;
    try { parsed = parseHeader(this.queue.peekAll(), this.client.maxEdks); } catch (e) { if (e instanceof NeedMoreBytes) return false; throw e; }
    const { header, length } = parsed;
    if (this.opts.refuseSigned && header.suite.signature) throw new SdkError('SignedSuiteRefused', `message uses signed suite ${header.suite.name}, refused: only unsigned messages are accepted`);
    this.materials = await this.client.cmm.decryptMaterials({ suite: header.suite, encryptionContext: header.encryptionContext, encryptedDataKeys: header.encryptedDataKeys, commitmentPolicy: this.client.policy });
    const key = authenticateHeader(header, this.materials.plaintextDataKey!, this.opts.encryptionContext);
    const headerBytes = this.queue.take(length);
    if (header.suite.signature) {
      this.verifier = new MessageHasher(header.suite, 'verify', this.materials.verificationKey!, this.streaming ? this.opts.parallelHash ?? 'auto' : 'never');
      this.verifier.update(headerBytes);
    }
    this.header = header;
    const limit = this.opts.maxNonFramedLength ?? (this.streaming ? STREAM_NON_FRAMED_LIMIT : Infinity);
    this.body = new BodyReader(header, key, this.queue, this.verifier, limit);
    this.state = 'body';
    return true;
  }

  private readBody(out: Buffer[]): void {
    if (!this.verifier) { if (this.body!.read(out)) this.finishBody(); return; }
    // signed: keep the latest plaintext back so the end of output follows the signature check
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
