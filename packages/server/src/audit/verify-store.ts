/** Verification of the live store: every registered chain (and any chain that is not), read page by page. */
import type { AuditEventRow } from '../store/audit-integrity-repo.js';
import type { Store } from '../store/store.js';
import { publicKeys } from './signing-key.js';
import { verifyChains, type ChainInput, type KeyResolver, type VerifyEvent, type VerifyResult } from './verify.js';

const PAGE = 1000;

/** The first lookup column of a stored event that disagrees with its record, if any. */
export function lookupMismatch(row: AuditEventRow): string | undefined {
  let r: Record<string, any>;
  try { r = JSON.parse(row.record); } catch { return 'record'; }
  const checks: [string, unknown, unknown][] = [
    ['event_id', row.event_id, r.eventID],
    ['event_name', row.event_name, r.eventName],
    ['event_source', row.event_source, r.eventSource],
    ['account_id', row.account_id, r.recipientAccountId],
    ['read_only', Number(row.read_only), r.readOnly ? 1 : 0],
    ['error_code', row.error_code ?? null, r.errorCode ?? null],
    ['access_key_id', row.access_key_id ?? null, r.userIdentity?.accessKeyId ?? null],
  ];
  return checks.find(([, a, b]) => a !== b)?.[0];
}

/** A chain's events from the store in seq order, named `<chain>#<seq> (eventID …)`. */
async function* storeEvents(store: Store, chainId: string): AsyncIterable<VerifyEvent> {
  for (let after = 0; ;) {
    const rows = await store.auditIntegrity.eventsAfter(chainId, after, PAGE);
    for (const row of rows) {
      yield { seq: row.seq, record: row.record, prevHash: row.prev_hash, hash: row.hash, where: `${chainId}#${row.seq} (eventID ${row.event_id})`, lookupMismatch: lookupMismatch(row) };
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

/** Every chain of the store as verification input. */
async function* storeChains(store: Store): AsyncIterable<ChainInput> {
  const registered = (await store.auditIntegrity.chains()).map((c) => c.id);
  const strays = await store.auditIntegrity.unregisteredChains();
  for (const chainId of [...registered, ...strays]) {
    const digests = (await store.auditIntegrity.digests(chainId)).map((d) => ({ seq: d.seq, document: d.document, signature: d.signature, signingKeyId: d.signing_key_id, where: `digest ${chainId}#${d.seq}` }));
    const problem = strays.includes(chainId) ? 'inserted: the chain is not registered in audit_chains' : undefined;
    yield { chainId, digests, events: storeEvents(store, chainId), problem };
  }
}

/** Keys by id from the store, or the pinned PEMs for every id when `pinned` is given. */
export async function storeKeys(store: Store, pinned?: string[]): Promise<KeyResolver> {
  if (pinned) return () => pinned;
  const keys = new Map((await publicKeys(store)).map((k) => [k.id, k.publicKeyPem]));
  return (id) => (keys.has(id) ? [keys.get(id)!] : []);
}

/** Verifies the whole audit log in the store, on one consistent snapshot. */
export async function verifyStore(store: Store, pinned?: string[]): Promise<VerifyResult> {
  return store.snapshot(async (tx) => verifyChains(storeChains(tx), await storeKeys(tx, pinned)));
}
