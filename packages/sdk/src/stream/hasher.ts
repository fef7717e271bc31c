/**
 * Hashing of header ‖ body for the signed suites. Small messages hash inline; once a message passes
 * WORKER_THRESHOLD bytes its hashing moves to a shared worker thread. Bytes travel through a
 * per-message SharedArrayBuffer ring (SLOTS × SLOT_SIZE), so memory is bounded and nothing is
 * allocated per batch on either side.
 */
import { createSign, createVerify, type KeyObject, type Sign, type Verify } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SdkError } from '../errors.js';
import type { AlgorithmSuite } from '../format/suites.js';
import type { HashReply, HashRequest } from './hash-worker.js';

const WORKER_THRESHOLD = 1 << 20;
const SLOT_SIZE = 512 << 10;
const SLOTS = 4;

/** The process-wide hashing worker, started on first use and unref'd while idle. */
class SharedWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly handlers = new Map<number, (r: HashReply) => void>();
  private busy = 0;

  open(onReply: (r: HashReply) => void): number {
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    this.handlers.set(id, onReply);
    if (this.busy++ === 0) w.ref(); // keep the process alive while a message is being hashed
    return id;
  }

  close(id: number): void {
    if (!this.handlers.delete(id)) return;
    this.post({ op: 'drop', id });
    if (--this.busy === 0) this.worker?.unref();
  }

  post(m: HashRequest, transfer?: ArrayBuffer[]): void { this.worker!.postMessage(m, transfer); }

  private spawn(): Worker {
    // a small heap: the worker allocates almost nothing (its input arrives through the shared ring)
    const w = new Worker(new URL('./hash-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
    w.on('message', (r: HashReply) => this.handlers.get(r.id)?.(r));
    w.on('error', (e) => { for (const h of this.handlers.values()) h({ id: 0, error: e.message }); this.worker = undefined; });
    w.unref();
    return w;
  }
}
const shared = new SharedWorker();

/** Signs or verifies one message's bytes, inline at first and on the worker for large messages. */
export class MessageHasher {
  private inline?: Sign | Verify;
  /** Bytes not yet hashed nor handed to the worker. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private id = 0;
  private ring?: SharedArrayBuffer;
  private freeSlots: number[] = [];
  private waiters: (() => void)[] = [];
  private result?: (r: HashReply) => void;
  private failure?: string;

  constructor(private readonly suite: AlgorithmSuite, private readonly kind: 'sign' | 'verify', useWorker = true) {
    if (!useWorker) this.local();
  }

  /** Adds bytes. The caller must not modify `b` afterwards (it is held until copied into the ring). */
  update(b: Buffer): void {
    if (b.length === 0) return;
    if (this.inline) { this.inline.update(b); return; }
    this.held.push(b);
    this.heldBytes += b.length;
    if (!this.id && this.heldBytes >= WORKER_THRESHOLD) this.start();
    if (this.id) this.pump(false);
  }

  /** Resolves once every byte is in the ring (backpressure: the ring bounds memory). */
  async drained(): Promise<void> {
    if (!this.id) return;
    this.pump(true);
    while (this.heldBytes > 0 && !this.failure) { await new Promise<void>((r) => this.waiters.push(r)); this.pump(true); }
  }

  /** Produces the DER signature. */
  async sign(key: KeyObject): Promise<Buffer> {
    if (!this.id) return (this.local() as Sign).sign({ key, dsaEncoding: 'der' });
    const r = await this.finish(() => ({ op: 'sign', id: this.id, key }));
    return Buffer.from(r as Uint8Array);
  }

  /** Checks a DER signature. */
  async verify(key: KeyObject, signature: Buffer): Promise<boolean> {
    if (!this.id) { try { return (this.local() as Verify).verify({ key, dsaEncoding: 'der' }, signature); } catch { return false; } }
    return (await this.finish(() => ({ op: 'verify', id: this.id, key, signature: new Uint8Array(signature) }))) as boolean;
  }

  /** Releases the worker slot (after an error); idempotent. */
  dispose(): void { if (this.id) shared.close(this.id); }

  private local(): Sign | Verify {
    if (!this.inline) {
      this.inline = this.kind === 'sign' ? createSign(this.suite.signature!.hash) : createVerify(this.suite.signature!.hash);
      for (const b of this.held) this.inline.update(b);
      this.held = []; this.heldBytes = 0;
    }
    return this.inline;
  }

  /** Moves this message's hashing to the worker, with its own shared ring of SLOTS × SLOT_SIZE bytes. */
  private start(): void {
    this.ring = new SharedArrayBuffer(SLOTS * SLOT_SIZE);
    this.freeSlots = Array.from({ length: SLOTS }, (_, i) => SLOTS - 1 - i);
    this.id = shared.open((r) => this.onReply(r));
    shared.post({ op: 'start', id: this.id, kind: this.kind, hash: this.suite.signature!.hash, ring: this.ring, slotSize: SLOT_SIZE });
  }

  /** Copies held bytes into free slots, in order; partial slots only when `all`. */
  private pump(all: boolean): void {
    while (this.freeSlots.length && (all ? this.heldBytes > 0 : this.heldBytes >= SLOT_SIZE)) {
      const slot = this.freeSlots.pop()!;
      const view = new Uint8Array(this.ring!, slot * SLOT_SIZE, SLOT_SIZE);
      let n = 0;
      while (n < SLOT_SIZE && this.held.length) {
        const b = this.held[0]!, take = Math.min(SLOT_SIZE - n, b.length);
        view.set(take === b.length ? b : b.subarray(0, take), n);
        n += take;
        if (take === b.length) this.held.shift(); else this.held[0] = b.subarray(take);
      }
      this.heldBytes -= n;
      shared.post({ op: 'update', id: this.id, slot, length: n });
    }
  }

  private onReply(r: HashReply): void {
    if ('ack' in r) { this.freeSlots.push(r.ack); this.wake(); return; }
    if ('error' in r) this.failure = r.error;
    this.wake();
    this.result?.(r);
  }

  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }

  private async finish(request: () => HashRequest): Promise<Uint8Array | boolean> {
    await this.drained();
    return new Promise((resolve, reject) => {
      this.result = (r) => {
        shared.close(this.id);
        if ('result' in r) resolve(r.result); else reject(new SdkError('SignatureInvalid', `signature worker failed: ${'error' in r ? r.error : 'no result'}`));
      };
      if (this.failure) this.result({ id: this.id, error: this.failure });
      else shared.post(request());
    });
  }
}
