/**
 * Hashing of header ‖ body for the signed suites. Small messages hash inline; once a message passes
 * WORKER_THRESHOLD bytes its hashing moves to a worker thread of its own. Bytes travel through a
 * SharedArrayBuffer ring of SLOTS × SLOT_SIZE, published with Atomics, so memory is bounded and
 * nothing is allocated or posted per batch.
 */
import { createSign, createVerify, type KeyObject, type Sign, type Verify } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SdkError } from '../errors.js';
import type { AlgorithmSuite } from '../format/suites.js';
import { CLOSED, HEAD, LENGTHS, SIG_AREA, SIG_LEN, TAIL, WAKE, type HashJob } from './hash-worker.js';

/** `Atomics.waitAsync` (ES2024; present in Node 20) without raising the project's `lib`. */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { value: string | Promise<string> } }).waitAsync;

const WORKER_THRESHOLD = 1 << 20;
const SLOT_SIZE = 256 << 10;
const SLOTS = 8;

/** Where signature hashing of large messages runs: `auto` = on a worker when a second core looks free. */
export type ParallelHash = 'auto' | 'always' | 'never';

/**
 * Whether a second core looks free (1-minute load below cores − ½). On a saturated machine a
 * worker only adds hand-offs that wait on the scheduler, so hashing stays inline there.
 */
export function secondCoreFree(): boolean {
  const cores = availableParallelism();
  return cores >= 2 && loadavg()[0]! < cores - 0.5;
}

/** Signs or verifies one message's bytes, inline at first and on a worker for large messages. */
export class MessageHasher {
  private inline?: Sign | Verify;
  /** The latest bytes given, not yet hashed nor held (grows while updates are contiguous). */
  private run?: Buffer;
  /** Bytes not yet hashed nor copied into the ring. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** How many of the first held pieces are copies of the hasher's own (see {@link drained}). */
  private ownedHeld = 0;
  private worker?: Worker;
  private result?: Promise<unknown>;
  private ring?: Buffer;
  private ctrl?: Int32Array;
  private head = 0;

  /** `key`: the signing key (sign) or verification key (verify). */
  constructor(private readonly suite: AlgorithmSuite, private readonly kind: 'sign' | 'verify', private readonly key: KeyObject, mode: ParallelHash = 'auto') {
    if (mode === 'never' || (mode === 'auto' && !secondCoreFree())) this.local();
  }

  /**
   * Adds bytes. The caller must not modify `b` until {@link drained} has resolved (it is held until
   * hashed or copied). Pieces that continue the previous one in memory (the frames of one input
   * chunk) are joined into one run first: one hash call per run costs less than one per 4 KiB frame.
   */
  update(b: Buffer): void {
    if (b.length === 0) return;
    const r = this.run;
    if (r && r.buffer === b.buffer && r.byteOffset + r.length === b.byteOffset) { this.run = Buffer.from(r.buffer, r.byteOffset, r.length + b.length); return; }
    this.flushRun();
    this.run = b;
  }

  /** Passes the pending run on: hashed inline, or held for the ring. */
  private flushRun(): void {
    const b = this.run;
    if (!b) return;
    this.run = undefined;
    if (this.inline) { this.inline.update(b); return; }
    this.held.push(b);
    this.heldBytes += b.length;
    if (!this.worker && this.heldBytes >= WORKER_THRESHOLD) this.start();
    if (this.worker) this.pump(false);
  }

  /**
   * Resolves once the hasher holds none of the caller's buffers: every byte hashed or in the ring
   * (backpressure: the ring bounds memory). Before the worker starts, held bytes are copied
   * (each at most once, ≤ WORKER_THRESHOLD per message) so callers may reuse their buffers.
   */
  async drained(): Promise<void> {
    this.flushRun();
    if (!this.worker) { this.ownHeld(); return; }
    this.pump(true);
    while (this.heldBytes > 0) {
      const tail = Atomics.load(this.ctrl!, TAIL);
      if (this.head - tail >= SLOTS) {
        this.worker.ref(); // only while we wait on it: an abandoned stream must not keep the process alive
        await waitAsync(this.ctrl!, TAIL, tail).value;
        this.worker.unref();
      }
      this.pump(true);
    }
  }

  /** Produces the DER signature. */
  async sign(): Promise<Buffer> {
    this.flushRun();
    if (!this.worker) return (this.local() as Sign).sign({ key: this.key, dsaEncoding: 'der' });
    await this.close();
    return Buffer.from((await this.result) as Uint8Array);
  }

  /** Checks a DER signature. */
  async verify(signature: Buffer): Promise<boolean> {
    this.flushRun();
    if (!this.worker) { try { return (this.local() as Verify).verify({ key: this.key, dsaEncoding: 'der' }, signature); } catch { return false; } }
    if (signature.length > SIG_AREA) return false;
    await this.drained();
    signature.copy(this.ring!, SLOTS * SLOT_SIZE);
    this.ctrl![SIG_LEN] = signature.length;
    await this.close();
    return (await this.result) as boolean;
  }

  private ownHeld(): void {
    for (let i = this.ownedHeld; i < this.held.length; i++) this.held[i] = Buffer.from(this.held[i]!);
    this.ownedHeld = this.held.length;
  }

  /** Stops the worker of an abandoned message; idempotent. */
  dispose(): void {
    this.run = undefined;
    if (!this.worker || Atomics.load(this.ctrl!, CLOSED) !== 0) return;
    Atomics.store(this.ctrl!, CLOSED, 2);
    this.wake();
  }

  /** Tells the worker something changed (it waits on WAKE, never on HEAD, so no change is missed). */
  private wake(): void {
    Atomics.add(this.ctrl!, WAKE, 1);
    Atomics.notify(this.ctrl!, WAKE);
  }

  private local(): Sign | Verify {
    if (!this.inline) {
      this.inline = this.kind === 'sign' ? createSign(this.suite.signature!.hash) : createVerify(this.suite.signature!.hash);
      for (const b of this.held) this.inline.update(b);
      this.held = []; this.heldBytes = 0; this.ownedHeld = 0;
    }
    return this.inline;
  }

  private start(): void {
    const ring = new SharedArrayBuffer(SLOTS * SLOT_SIZE + SIG_AREA), ctrl = new SharedArrayBuffer(4 * (LENGTHS + SLOTS));
    this.ring = Buffer.from(ring);
    this.ctrl = new Int32Array(ctrl);
    const job: HashJob = { kind: this.kind, hash: this.suite.signature!.hash, key: this.key, ring, ctrl, slots: SLOTS, slotSize: SLOT_SIZE };
    // a small heap: the worker allocates almost nothing (its input arrives through the shared ring)
    const w = new Worker(new URL('./hash-worker.js', import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
    this.result = new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', (e) => reject(new SdkError('SignatureInvalid', `signature worker failed: ${e.message}`)));
      w.once('exit', () => reject(new SdkError('SignatureInvalid', 'signature worker stopped')));
    });
    this.result.catch(() => undefined); // observed by sign/verify; an abandoned message ignores it
    w.unref();
    this.worker = w;
  }

  /** Copies held bytes into free slots in order (partial slots only when `all`) and publishes them. */
  private pump(all: boolean): void {
    const ctrl = this.ctrl!;
    while (this.head - Atomics.load(ctrl, TAIL) < SLOTS && (all ? this.heldBytes > 0 : this.heldBytes >= SLOT_SIZE)) {
      const slot = this.head % SLOTS, base = slot * SLOT_SIZE;
      let n = 0;
      while (n < SLOT_SIZE && this.held.length) {
        const b = this.held[0]!, take = Math.min(SLOT_SIZE - n, b.length);
        this.ring!.set(take === b.length ? b : b.subarray(0, take), base + n); // TypedArray#set: cheaper per call than Buffer#copy
        n += take;
        if (take === b.length) { this.held.shift(); this.ownedHeld = Math.max(0, this.ownedHeld - 1); } else this.held[0] = b.subarray(take);
      }
      this.heldBytes -= n;
      ctrl[LENGTHS + slot] = n;
      Atomics.store(ctrl, HEAD, ++this.head); // publishes the slot (Atomics orders the plain writes before it)
      this.wake();
    }
  }

  private async close(): Promise<void> {
    await this.drained();
    this.worker!.ref(); // until it answers and exits
    Atomics.store(this.ctrl!, CLOSED, 1);
    this.wake();
  }
}
