/**
 * Retention (docs/audit.md, "Retention"): events older than TRENT_AUDIT_RETENTION_DAYS are removed
 * by the scheduler, only in whole digest-covered stretches. Each cut is first signed into the
 * chain's own digest sequence (a 'cut' digest carrying the new prunedThrough), then the events up to
 * the cut and the digests before the one covering it are removed, all in one transaction. The cut
 * digest's primary key is the claim: two nodes pruning at once insert the same seq and one backs off.
 */
import type { Ctx } from '../context.js';
import type { AuditDigestRow } from '../store/audit-integrity-repo.js';
import { DuplicateError } from '../store/store.js';
import { parseDigest, type DigestDocument } from './digest-document.js';
import { nextDocument, storeDigest } from './digests.js';
import type { AuditSigner } from './signing-key.js';

const DAY_MS = 86_400_000;

/** The newest digest whose events are all older than `before` and not yet pruned: the anchor of the next cut. */
function anchorOf(rows: { row: AuditDigestRow; doc: DigestDocument }[], prunedThrough: number, before: number): { row: AuditDigestRow; doc: DigestDocument } | undefined {
  let anchor: { row: AuditDigestRow; doc: DigestDocument } | undefined;
  for (const r of rows) {
    const { doc } = r;
    if (doc.lastEventSeq < doc.firstEventSeq || doc.lastEventTime === null) continue; // covers no events
    if (Date.parse(doc.lastEventTime) >= before) break;
    if (doc.lastEventSeq > prunedThrough) anchor = r;
  }
  return anchor;
}

/** Prunes one chain up to its anchor; returns the events removed (0 when nothing was due or another node did it). */
async function pruneChain(ctx: Ctx, signer: AuditSigner, chainId: string, before: number): Promise<number> {
  return ctx.store.transaction(async (tx) => {
    const rows = (await tx.auditIntegrity.digests(chainId)).map((row) => ({ row, doc: parseDigest(row.document) }));
    const last = rows.at(-1);
    if (!last) return 0;
    const anchor = anchorOf(rows, last.doc.prunedThrough, before);
    if (!anchor) return 0;
    const prev = { doc: last.doc, text: last.row.document, signature: last.row.signature };
    const cut = nextDocument(prev, { chainId, node: last.doc.node, kind: 'cut', final: last.doc.final }, undefined, undefined, signer, anchor.doc.lastEventSeq);
    await storeDigest(tx, signer, cut);
    return tx.auditIntegrity.prune(chainId, anchor.doc.lastEventSeq, anchor.row.seq);
  }).catch((err: unknown) => {
    if (err instanceof DuplicateError) return 0; // the chain's writer or another node wrote that digest seq first: next run
    throw err;
  });
}

/** Applies the retention period to every chain; returns how many events were removed. */
export async function runRetention(ctx: Ctx, signer: AuditSigner, now = Date.now()): Promise<number> {
  const days = ctx.config.auditRetentionDays;
  if (days === undefined) return 0;
  let removed = 0;
  for (const chain of await ctx.store.audit.chains()) {
    const n = await pruneChain(ctx, signer, chain.id, now - days * DAY_MS);
    if (n > 0) ctx.log.info({ chainId: chain.id, events: n }, 'audit events pruned: older than the retention period');
    removed += n;
  }
  return removed;
}
