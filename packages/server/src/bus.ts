/**
 * Cache invalidation across worker processes. A worker that changed state asks the primary to
 * tell every other worker; it acknowledges the client only after all of them have applied it,
 * so the change holds on every worker from the very next request.
 */
import cluster from 'node:cluster';
import type { Bus, Invalidation } from './context.js';

type ToPrimary = { t: 'inv'; seq: number; msg: Invalidation } | { t: 'applied'; seq: number; origin: number } | { t: 'ready' };
type ToWorker = { t: 'inv'; seq: number; origin: number; msg: Invalidation } | { t: 'done'; seq: number };

/** In one process: apply locally and return. */
export function localBus(apply: (m: Invalidation) => void): Bus {
  return { async publish(msg) { apply(msg); } };
}

/** In a cluster worker: apply locally, then wait for the primary to report every peer applied it. */
export function workerBus(apply: (m: Invalidation) => void): Bus {
  let seq = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (m: ToWorker) => {
    if (m?.t === 'inv') {
      apply(m.msg);
      process.send!({ t: 'applied', seq: m.seq, origin: m.origin } satisfies ToPrimary);
    } else if (m?.t === 'done') {
      waiting.get(m.seq)?.();
      waiting.delete(m.seq);
    }
  });
  // Only from now on does this worker apply invalidations; until then it has no cache to keep fresh.
  process.send!({ t: 'ready' } satisfies ToPrimary);
  return {
    publish(msg) {
      apply(msg);
      const s = ++seq;
      return new Promise<void>((resolve) => {
        waiting.set(s, resolve);
        process.send!({ t: 'inv', seq: s, msg } satisfies ToPrimary);
      });
    },
  };
}

/**
 * In the primary: relays invalidations and counts acknowledgements. Only workers that said they
 * are ready are asked (one still booting has an empty cache and would never answer); a worker
 * that dies counts as done.
 */
export function relayInvalidations(): void {
  const pending = new Map<string, { origin: number; seq: number; left: Set<number> }>();
  const ready = new Set<number>();
  const finish = (key: string) => {
    const p = pending.get(key);
    if (!p || p.left.size) return;
    pending.delete(key);
    cluster.workers?.[p.origin]?.send({ t: 'done', seq: p.seq } satisfies ToWorker);
  };
  cluster.on('message', (worker, m: ToPrimary) => {
    if (m?.t === 'ready') ready.add(worker.id);
    else if (m?.t === 'inv') {
      const key = `${worker.id}/${m.seq}`;
      const peers = Object.values(cluster.workers ?? {}).filter((w) => w && w.id !== worker.id && ready.has(w.id) && w.isConnected());
      pending.set(key, { origin: worker.id, seq: m.seq, left: new Set(peers.map((w) => w!.id)) });
      for (const w of peers) w!.send({ t: 'inv', seq: m.seq, origin: worker.id, msg: m.msg } satisfies ToWorker);
      finish(key);
    } else if (m?.t === 'applied') {
      const key = `${m.origin}/${m.seq}`;
      pending.get(key)?.left.delete(worker.id);
      finish(key);
    }
  });
  cluster.on('exit', (worker) => {
    ready.delete(worker.id);
    for (const [key, p] of pending) { p.left.delete(worker.id); finish(key); }
  });
}
