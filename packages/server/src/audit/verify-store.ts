/** Verification of the live store: every registered chain (and any chain that is not), read page by page. */
import type { AuditEventRow } from '../store/audit-repo.js';
import type { Store } from '../store/store.js';
import { usernameOf } from './record.js';
import { pinnedKeys, publicKeys } from './signing-key.js';
import { verifyChains, type ChainInput, type KeyResolver, type VerifyEvent, type VerifyResult } from './verify.js';

const PAGE = 1000;

/** The first lookup column of a stored event that disagrees with its record (record.ts, auditEntry), if any. */
export function lookupMismatch(row: AuditEventRow): string | undefined {
  let r: Record<string, any>;
  try { r = JSON.parse(row.record); } catch { return 'record'; }
  const resources = Array.isArray(r.resources) ? JSON.stringify(r.resources.map((x: Record<string, unknown>) => ({ type: x.type, name: x.ARN }))) : undefined;
  const checks: [string, unknown, unknown][] = [
    ['event_id', row.event_id, r.eventID],
    ['event_time', Math.floor(row.event_time / 1000) * 1000, Date.parse(r.eventTime)],
    ['account_id', row.account_id, r.recipientAccountId],
    ['event_name', row.event_name, r.eventName],
    ['event_source', row.event_source, r.eventSource],
    ['read_only', row.read_only, r.readOnly ? 1 : 0],
    ['username', row.username, usernameOf(r.userIdentity)],
    ['access_key_id', row.access_key_id, r.userIdentity?.accessKeyId ?? null],
    ['resources', row.resources, resources],
    ['error_code', row.error_code, r.errorCode ?? null],
  ];
  return checks.find(([, stored, derived]) => stored !== derived)?.[0];
}

/** A chain's events from the store in seq order, named `<chain>#<seq> (eventID …)`. */
async function* storeEvents(store: Store, chainId: string): AsyncIterable<VerifyEvent> {
  for (let after = 0; ;) {
    const rows = await store.audit.eventsOf(chainId, after, PAGE);
    for (const row of rows) {
      yield { seq: row.seq, record: row.record, prevHash: row.prev_hash, hash: row.hash, where: `${chainId}#${row.seq} (eventID ${row.event_id})`, lookupMismatch: lookupMismatch(row) };
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

/** Every chain of the store as verification input. */
async function* storeChains(store: Store): AsyncIterable<ChainInput> {
  const registered = (await store.audit.chains()).map((c) => c.id);
  const strays = await store.auditIntegrity.unregisteredChains();
  for (const chainId of [...registered, ...strays]) {
    const digests = (await store.auditIntegrity.digests(chainId)).map((d) => ({ seq: d.seq, document: d.document, signature: d.signature, signingKeyId: d.signing_key_id, where: `digest ${chainId}#${d.seq}` }));
    const problem = strays.includes(chainId) ? 'inserted: the chain is not registered in audit_chains' : undefined;
    yield { chainId, digests, events: storeEvents(store, chainId), problem };
  }
}

/** Keys by id from the store, or the pinned PEM keys for every id when `pinnedPem` is given. */
async function storeKeys(store: Store, pinnedPem?: string): Promise<KeyResolver> {
  if (pinnedPem !== undefined) { const pinned = pinnedKeys(pinnedPem); return () => pinned; }
  const keys = new Map((await publicKeys(store)).map((k) => [k.id, k.publicKeyPem]));
  return (id) => (keys.has(id) ? [keys.get(id)!] : []);
}

/** Verifies the whole audit log in the store, on one consistent snapshot. */
export async function verifyStore(store: Store, pinnedPem?: string): Promise<VerifyResult> {
  return store.snapshot(async (tx) => verifyChains(storeChains(tx), await storeKeys(tx, pinnedPem)));
}
