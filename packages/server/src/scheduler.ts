/**
 * Background work that must happen even when nobody calls: deleting keys whose waiting period has
 * ended. Each job claims its rows atomically (re-checked inside the transaction), so running the
 * scheduler in several places at once still deletes each key exactly once.
 */
import type { Ctx } from './context.js';

/** Deletes every key whose deletion date has passed; returns how many. */
export async function runDeletions(ctx: Ctx, now = Date.now()): Promise<number> {
  let deleted = 0;
  for (const id of await ctx.store.keysDueForDeletion(now, 100)) {
    const gone = await ctx.store.transaction(async (tx) => {
      const row = await tx.getKey(id);
      if (!row || row.state !== 'PendingDeletion' || row.deletion_date === null || row.deletion_date > now) return false;
      return tx.deleteKey(id);
    });
    if (gone) {
      deleted++;
      await ctx.bus.publish({ kind: 'key', id });
      ctx.log.info({ keyId: id }, 'key deleted: its waiting period ended');
    }
  }
  return deleted;
}

/** Runs the jobs every `intervalMs` until the returned stop function is called. */
export function startScheduler(ctx: Ctx, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runDeletions(ctx).catch((err: unknown) => ctx.log.error({ err: String(err) }, 'scheduler run failed'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => { clearInterval(timer); await running; };
}
