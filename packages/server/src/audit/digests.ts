/**
 * Digests: every writing process signs, for its own chain, at a fixed interval (when there are new
 * events) and at shutdown (always, marked final), a digest covering the events since its previous
 * digest and chained to that digest's hash and signature (docs/audit.md, "Digests").
 */
import type { Logger } from 'pino';
import type { Keyring } from '../root/keyring.js';
import { DuplicateError, type Store } from '../store/store.js';
import { GENESIS_HASH } from './chain.js';
import { digestHash, isoTime, parseDigest, serializeDigest, type DigestDocument, type DigestKind } from './digest-document.js';
import { loadSigner, type AuditSigner } from './signing-key.js';
import type { AuditHead, AuditLog } from './writer.js';

/** A chain's newest digest, parsed, with its row's signature. */
async function latest(store: Store, chainId: string): Promise<{ doc: DigestDocument; text: string; signature: string } | undefined> {
  const row = await store.auditIntegrity.latestDigest(chainId);
  return row && { doc: parseDigest(row.document), text: row.document, signature: row.signature };
}

/** The document following `prev` that covers events up to `head` (none new when head is not past prev). */
export function nextDocument(prev: { doc: DigestDocument; text: string; signature: string } | undefined, base: Pick<DigestDocument, 'chainId' | 'node' | 'kind' | 'final'>, head: AuditHead | undefined, firstTime: number | undefined, signer: AuditSigner, prunedThrough?: number): DigestDocument {
  const first = (prev?.doc.lastEventSeq ?? 0) + 1;
  const covers = !!head && head.seq >= first && head.time !== null;
  return {
    version: 1, ...base, final: base.final || !!prev?.doc.final, digestSeq: (prev?.doc.digestSeq ?? 0) + 1, digestTime: isoTime(Date.now()),
    firstEventSeq: first, lastEventSeq: covers ? head.seq : first - 1,
    firstEventTime: covers && firstTime !== undefined ? isoTime(firstTime) : null, lastEventTime: covers ? isoTime(head.time!) : null,
    lastEventHash: covers ? head.hash : prev?.doc.lastEventHash ?? GENESIS_HASH,
    prunedThrough: prunedThrough ?? prev?.doc.prunedThrough ?? 0,
    previousDigestSignature: prev?.signature ?? null, previousDigestHash: prev ? digestHash(prev.text) : null,
    signingKeyId: signer.keyId, signingAlgorithm: signer.algorithm,
  };
}

/** Signs and stores a digest document. */
export async function storeDigest(store: Store, signer: AuditSigner, doc: DigestDocument): Promise<void> {
  const text = serializeDigest(doc);
  await store.auditIntegrity.insertDigest({ chain_id: doc.chainId, seq: doc.digestSeq, created_at: Date.now(), document: text, signing_key_id: signer.keyId, signature: signer.sign(text) });
}

/**
 * Writes the next digest of a chain up to `head` (its last committed event); an 'interval' digest
 * only when there are new events. Returns the document written, if any. A retention cut that took
 * the same digest seq first is read back and followed.
 */
export async function writeDigest(store: Store, signer: AuditSigner, chainId: string, head: AuditHead, kind: DigestKind): Promise<DigestDocument | undefined> {
  const node = (await store.auditIntegrity.chain(chainId))?.node ?? '';
  for (let attempt = 0; ; attempt++) {
    const prev = await latest(store, chainId);
    const first = (prev?.doc.lastEventSeq ?? 0) + 1;
    if (kind === 'interval' && head.seq < first) return undefined;
    const firstTime = head.seq >= first ? await store.auditIntegrity.eventTime(chainId, first) : undefined;
    const doc = nextDocument(prev, { chainId, node, kind, final: kind === 'shutdown' }, head, firstTime, signer);
    try { await storeDigest(store, signer, doc); return doc; } catch (err) {
      if (!(err instanceof DuplicateError) || attempt >= 5) throw err;
    }
  }
}

/**
 * Signs this process's chain every `intervalMs` (with commits held back, so the head is exact) and,
 * when the audit log closes at shutdown, once more: the final digest.
 */
export function startDigests(parts: { store: Store; keyring: Keyring; log: Logger }, audit: AuditLog, intervalMs: number): void {
  if (!audit.enabled) return;
  const signer = loadSigner(parts.store, parts.keyring);
  signer.catch(() => {}); // reported by the first digest that needs it
  const run = (head: AuditHead, kind: DigestKind) => signer.then((s) => writeDigest(parts.store, s, audit.chainId, head, kind))
    .catch((err: unknown) => { parts.log.error({ err: err instanceof Error ? err.message : String(err), chainId: audit.chainId }, 'audit digest failed'); });
  const timer = setInterval(() => void audit.paused((head) => run(head, 'interval')), intervalMs);
  timer.unref();
  audit.onClose(async (head) => { clearInterval(timer); await run(head, 'shutdown'); });
}
