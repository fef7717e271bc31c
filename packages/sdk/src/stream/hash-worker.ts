/**
 * Worker thread that hashes header ‖ body of one large signed message (ECDSA sign or verify), so
 * SHA-384 runs on the second core while the main thread does AES-GCM. Input arrives through a
 * SharedArrayBuffer ring; the threads coordinate with Atomics only (no message per batch).
 */
import { createSign, createVerify, type KeyObject, type Sign, type Verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

/** Indexes into the control Int32Array shared with hasher.ts. */
export const HEAD = 0, TAIL = 1, CLOSED = 2, SIG_LEN = 3, WAKE = 4, LENGTHS = 5;
/** Bytes reserved at the ring's end for a signature to verify. */
export const SIG_AREA = 256;

/** What the main thread hands over at start. */
export interface HashJob { kind: 'sign' | 'verify'; hash: string; key: KeyObject; ring: SharedArrayBuffer; ctrl: SharedArrayBuffer; slots: number; slotSize: number }

/** Hashes slots as they are published; returns when the producer closed the ring and all is hashed. */
function consume(job: HashJob, h: Sign | Verify): boolean {
  const ctrl = new Int32Array(job.ctrl);
  let tail = 0;
  for (;;) {
    const wake = Atomics.load(ctrl, WAKE); // read first: any publish or close after this changes it, so the wait below cannot miss it
    const head = Atomics.load(ctrl, HEAD);
    if (tail === head) {
      if (Atomics.load(ctrl, CLOSED) !== 0) return Atomics.load(ctrl, CLOSED) === 1; // 1: finished, 2: abandoned
      Atomics.wait(ctrl, WAKE, wake);
      continue;
    }
    const slot = tail % job.slots;
    h.update(new Uint8Array(job.ring, slot * job.slotSize, Atomics.load(ctrl, LENGTHS + slot)));
    Atomics.store(ctrl, TAIL, ++tail);
    Atomics.notify(ctrl, TAIL);
  }
}

if (parentPort && workerData) {
  const job = workerData as HashJob;
  const h = job.kind === 'sign' ? createSign(job.hash) : createVerify(job.hash);
  if (consume(job, h)) {
    if (job.kind === 'sign') parentPort.postMessage((h as Sign).sign({ key: job.key, dsaEncoding: 'der' }));
    else {
      const len = new Int32Array(job.ctrl)[SIG_LEN]!;
      const sig = new Uint8Array(job.ring, job.slots * job.slotSize, len);
      let ok = false;
      try { ok = (h as Verify).verify({ key: job.key, dsaEncoding: 'der' }, sig); } catch { ok = false; }
      parentPort.postMessage(ok);
    }
  }
}
