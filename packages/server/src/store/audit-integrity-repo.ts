/**
 * The audit log's tamper evidence in the store: chains, reading events in chain order, signed
 * digests, audit signing keys, and the retention cut (docs/audit.md).
 */
import type { Insertable, Selectable } from 'kysely';
import type { AuditChainsTable, AuditDigestsTable, AuditEventsTable, AuditSigningKeysTable } from './schema.js';
import type { Db, Guard } from './store.js';

export type AuditChainRow = Selectable<AuditChainsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type AuditDigestRow = Selectable<AuditDigestsTable>;
export type AuditSigningKeyRow = Selectable<AuditSigningKeysTable>;

/** Audit chains, digests and signing keys; obtained from `store.auditIntegrity`. */
export class AuditIntegrityRepo {
  constructor(private readonly db: Db, private readonly guard: Guard) {}

  /** Every chain, oldest first. */
  chains(): Promise<AuditChainRow[]> {
    return this.db.selectFrom('audit_chains').selectAll().orderBy('started_at').orderBy('id').execute();
  }
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
  async insertChain(c: AuditChainRow): Promise<void> {
    await this.guard(this.db.insertInto('audit_chains').values(c).execute());
  }

  /** Up to `limit` events of a chain with seq > `after`, in seq order. */
  eventsAfter(chainId: string, after: number, limit: number): Promise<AuditEventRow[]> {
    return this.db.selectFrom('audit_events').selectAll().where('chain_id', '=', chainId)
      .where('seq', '>', after).orderBy('seq').limit(limit).execute();
  }
  /** Inserts events as they are (tests; the writer has its own group commit). */
  async insertEvents(rows: Insertable<AuditEventsTable>[]): Promise<void> {
    if (rows.length) await this.guard(this.db.insertInto('audit_events').values(rows).execute());
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
