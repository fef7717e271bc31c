/**
 * Background work that must happen even when nobody calls: deleting keys whose waiting period has
 * ended (a multi-Region primary's starts when its last replica is gone), rotating keys whose rotation
 * is due, deleting imported material whose ValidTo has passed, forgetting expired wrapping key pairs,
 * pruning audit events past their retention (audit/retention.ts). Each job claims its rows atomically
 * (re-checked inside the transaction that changes them, under the key's version or the digest's
 * primary key), so running the scheduler in several places at once still does each piece of work
 * exactly once.
 */
import type { Ctx } from './context.js';
import { PARAMETERS_GRACE_MS } from './keys/import-params.js';
import { removeImported } from './keys/imported.js';
import { keyIdOf } from './keys/multi-region.js';
import { changeKeyWith } from './keys/mutate.js';
import { DAY, rotateKey } from './keys/rotation.js';
import { runRetention } from './audit/retention.js';
import { loadSigner } from './audit/signing-key.js';

/** Thrown inside a claim when another worker already did the work. */
class NotDue extends Error {}

/** Deletes every key whose deletion date has passed; returns how many. */
export async function runDeletions(ctx: Ctx, now = Date.now()): Promise<number> {
  let deleted = 0;
  for (const id of await ctx.store.keysDueForDeletion(now, 100)) {
    const gone = await ctx.store.transaction(async (tx) => {
      const row = await tx.claimKey(id); // another node holding the row deletes it
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

/** Starts the waiting period of multi-Region primary keys whose last replica has been deleted; returns how many. */
export async function runReplicaDeletionWaits(ctx: Ctx, now = Date.now()): Promise<number> {
  return claimEach(await ctx.store.keySets.awaitingReplicaDeletion(100), async (id) => {
    await changeKeyWith(ctx, id, async (tx, row) => {
      if (row.state !== 'PendingReplicaDeletion' || (await tx.keySets.members(keyIdOf(row))).length > 1) throw new NotDue();
      return { state: 'PendingDeletion', deletion_date: now + (row.pending_window_days ?? 30) * DAY };
    });
    ctx.log.info({ keyId: id }, 'multi-Region primary key pending deletion: its last replica is deleted');
  });
}

/** Runs `claim` for each id; NotDue (someone else did it) counts as nothing. Returns how many claims succeeded. */
async function claimEach(ids: readonly string[], claim: (id: string) => Promise<unknown>): Promise<number> {
  let done = 0;
  for (const id of ids) {
    try { await claim(id); done++; } catch (err) { if (!(err instanceof NotDue)) throw err; }
  }
  return done;
}

/** Rotates every enabled AWS_KMS key whose next rotation date has passed; returns how many. */
export async function runRotations(ctx: Ctx, now = Date.now()): Promise<number> {
  return claimEach(await ctx.store.keysDueForRotation(now, 100), async (id) => {
    await rotateKey(ctx, id, 'AUTOMATIC', (row) => {
      if (row.state !== 'Enabled' || row.origin !== 'AWS_KMS' || row.rotation_period_days === null || row.next_rotation_at === null || row.next_rotation_at > now) throw new NotDue();
      return { next_rotation_at: now + row.rotation_period_days * DAY };
    });
    ctx.log.info({ keyId: id }, 'key rotated: automatic rotation was due');
  });
}

/** Deletes imported material whose ValidTo has passed (the key becomes PendingImport); returns how many. */
export async function runExpiries(ctx: Ctx, now = Date.now()): Promise<number> {
  const due = await ctx.store.materialsDueToExpire(now, 100);
  return claimEach(due.map((m) => `${m.key_id}/${m.id}`), async (pair) => {
    const [keyId, materialId] = pair.split('/') as [string, string];
    await removeImported(ctx, keyId, (_row, rows) => {
      const m = rows.find((r) => r.id === materialId);
      if (!m || m.import_state !== 'IMPORTED' || m.valid_to === null || m.valid_to > now) throw new NotDue();
      return m;
    });
    ctx.log.info({ keyId, materialId }, 'imported key material deleted: its ValidTo passed');
  });
}

/** Runs every job once, in order. */
async function runAll(ctx: Ctx): Promise<void> {
  await runDeletions(ctx);
  await runReplicaDeletionWaits(ctx);
  await runRotations(ctx);
  await runExpiries(ctx);
  await ctx.store.deleteImportParametersBefore(Date.now() - PARAMETERS_GRACE_MS);
  if (ctx.config.auditRetentionDays !== undefined) await runRetention(ctx, await loadSigner(ctx.store, ctx.keyring));
}

/** Runs the jobs every `intervalMs` until the returned stop function is called. */
export function startScheduler(ctx: Ctx, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return; // a slow run is still going: skip this tick rather than overlap it
    busy = true;
    running = runAll(ctx).catch((err: unknown) => ctx.log.error({ err: String(err) }, 'scheduler run failed')).finally(() => { busy = false; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => { clearInterval(timer); await running; };
}
