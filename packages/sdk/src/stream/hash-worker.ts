/**
 * Worker thread that hashes header ‖ body for ECDSA signing/verification, so SHA-384 runs on the
 * second core while the main thread does AES-GCM. Several messages share one worker, by id.
 */
import { createSign, createVerify, type KeyObject, type Sign, type Verify } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** Messages from the main thread. */
export type HashRequest =
  | { op: 'start'; id: number; kind: 'sign' | 'verify'; hash: string; ring: SharedArrayBuffer; slotSize: number }
  | { op: 'update'; id: number; slot: number; length: number }
  | { op: 'sign'; id: number; key: KeyObject }
  | { op: 'verify'; id: number; key: KeyObject; signature: Uint8Array }
  | { op: 'drop'; id: number };

/** Replies: `ack` (the slot now free) after each update, `result` after sign/verify. */
export type HashReply = { id: number; ack: number } | { id: number; result: Uint8Array | boolean } | { id: number; error: string };

/** Per message: the hash in progress and the shared ring its bytes arrive in (no copies, no garbage). */
const states = new Map<number, { h: Sign | Verify; ring: SharedArrayBuffer; slotSize: number }>();

parentPort?.on('message', (m: HashRequest) => {
  try {
    if (m.op === 'start') states.set(m.id, { h: m.kind === 'sign' ? createSign(m.hash) : createVerify(m.hash), ring: m.ring, slotSize: m.slotSize });
    else if (m.op === 'update') {
      const st = states.get(m.id);
      st?.h.update(new Uint8Array(st.ring, m.slot * st.slotSize, m.length));
      parentPort!.postMessage({ id: m.id, ack: m.slot } satisfies HashReply);
    } else if (m.op === 'drop') states.delete(m.id);
    else {
      const s = states.get(m.id)!.h;
      states.delete(m.id);
      const result = m.op === 'sign'
        ? (s as Sign).sign({ key: m.key, dsaEncoding: 'der' })
        : safeVerify(s as Verify, m.key, m.signature);
      parentPort!.postMessage({ id: m.id, result } satisfies HashReply);
    }
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message } satisfies HashReply);
  }
});

function safeVerify(v: Verify, key: KeyObject, sig: Uint8Array): boolean {
  try { return v.verify({ key, dsaEncoding: 'der' }, sig); } catch { return false; }
}
