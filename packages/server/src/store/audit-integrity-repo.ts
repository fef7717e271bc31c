/**
 * The audit log's tamper evidence in the store: signed digests, audit signing keys, the retention
 * cut, and the look-ups verification needs (chains and events themselves are in audit-repo.ts).
 */
import type { Selectable } from 'kysely';
import type { AuditChainRow } from './audit-repo.js';
import type { AuditDigestsTable, AuditSigningKeysTable } from './schema.js';
import type { Db, Guard } from './store.js';

export type AuditDigestRow = Selectable<AuditDigestsTable>;
export type AuditSigningKeyRow = Selectable<AuditSigningKeysTable>;

/** Audit chains, digests and signing keys; obtained from `store.auditIntegrity`. */
export class AuditIntegrityRepo {
  constructor(private readonly db: Db, private readonly guard: Guard) {}

  /** One chain. */
  chain(id: string): Promise<AuditChainRow | undefined> {
    return this.db.selectFrom('audit_chains').selectAll().where('id', '=', id).executeTakeFirst();
  }
  /** Ids of chains that have events or digests but no row in audit_chains. */
  async unregisteredChains(): Promise<string[]> {
    const known = this.db.selectFrom('audit_chains').select('id');
    const a = await this.db.selectFrom('audit_events').select('chain_id').distinct().where('chain_id', 'not in', known).execute();
    const b = await this.db.selectFrom('audit_digests').select('chain_id').distinct().where('chain_id', 'not in', known).execute();
    return [...new Set([...a, ...b].map((r) => r.chain_id))].sort();
  }

  /** The time (epoch ms) of one event, if it is there. */
  async eventTime(chainId: string, seq: number): Promise<number | undefined> {
    const r = await this.db.selectFrom('audit_events').select('event_time').where('chain_id', '=', chainId).where('seq', '=', seq).executeTakeFirst();
    return r?.event_time;
  }

  /** A chain's digests in seq order. */
  digests(chainId: string): Promise<AuditDigestRow[]> {
    return this.db.selectFrom('audit_digests').selectAll().where('chain_id', '=', chainId).orderBy('seq').execute();
  }
  /** A chain's newest digest. */
  latestDigest(chainId: string): Promise<AuditDigestRow | undefined> {
    return this.db.selectFrom('audit_digests').selectAll().where('chain_id', '=', chainId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }
  /** Adds a digest; DuplicateError when that seq of the chain is taken (another writer got there first). */
  async insertDigest(d: AuditDigestRow): Promise<void> {
    await this.guard(this.db.insertInto('audit_digests').values(d).execute());
  }

  /** Retention: removes a chain's events with seq <= `seq` and its digests with seq < `digestSeq`, and records the cut. */
  async prune(chainId: string, seq: number, digestSeq: number): Promise<number> {
    const r = await this.db.deleteFrom('audit_events').where('chain_id', '=', chainId).where('seq', '<=', seq).executeTakeFirst();
    await this.db.deleteFrom('audit_digests').where('chain_id', '=', chainId).where('seq', '<', digestSeq).execute();
    await this.db.updateTable('audit_chains').set({ pruned_through: seq }).where('id', '=', chainId).execute();
    return Number(r.numDeletedRows);
  }

  /** Every audit signing key, oldest first. */
  signingKeys(): Promise<AuditSigningKeyRow[]> {
    return this.db.selectFrom('audit_signing_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }
  /** Adds a signing key; DuplicateError when the id exists (another node made it first). */
  async insertSigningKey(k: AuditSigningKeyRow): Promise<void> {
    await this.guard(this.db.insertInto('audit_signing_keys').values(k).execute());
  }
}
