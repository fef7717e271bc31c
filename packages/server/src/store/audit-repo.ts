/** The audit log's rows: chains, events (written in batches, read newest first), for the writer and LookupEvents. */
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { AuditChainsTable, AuditEventsTable, Database } from './schema.js';
import type { Db, Guard } from './store.js';

export type AuditEventRow = Selectable<AuditEventsTable>;
export type AuditChainRow = Selectable<AuditChainsTable>;

/** Where a newest-first listing stopped: the last row returned. */
export interface EventCursor { time: number; chainId: string; seq: number }

/** What LookupEvents asks of the store (one optional attribute, as CloudTrail allows). */
export interface EventQuery {
  accountId: string;
  /** An exact match on a lookup column. */
  equals?: { column: 'event_id' | 'event_name' | 'read_only' | 'username' | 'event_source' | 'access_key_id'; value: string | number };
  /** A substring of the `resources` JSON that rows must contain (the caller re-checks exactly: SQLite's LIKE ignores case). */
  resourcesLike?: string;
  /** Only rows without an error, and of these event names. */
  succeededAs?: readonly string[];
  startTime?: number;
  endTime?: number;
  after?: EventCursor;
  limit: number;
}

/** Rows in one INSERT: 15 columns each stays far below SQLite's and PostgreSQL's parameter limits. */
export const ROWS_PER_INSERT = 500;

/** audit_events' columns, in the order inserts name them. */
export const EVENT_COLUMNS = ['chain_id', 'seq', 'event_id', 'event_time', 'account_id', 'event_name', 'event_source', 'read_only', 'username',
  'access_key_id', 'resources', 'error_code', 'record', 'prev_hash', 'hash'] as const;
const EVENT_COLUMN_LIST = sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)));

/** Escapes LIKE's wildcards so `text` matches only itself (with `escape '\'`). */
function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function olderThan(eb: ExpressionBuilder<Database, 'audit_events'>, c: EventCursor): Expression<SqlBool> {
  return eb.or([
    eb('event_time', '<', c.time),
    eb.and([eb('event_time', '=', c.time), eb.or([
      eb('chain_id', '<', c.chainId),
      eb.and([eb('chain_id', '=', c.chainId), eb('seq', '<', c.seq)]),
    ])]),
  ]);
}

/** Audit rows; obtained from `store.audit`. */
export class AuditRepo {
  constructor(private readonly db: Db, private readonly guard: Guard, private readonly dialect: 'sqlite' | 'postgres') {}

  /** Registers a new chain (one per writing process). */
  async insertChain(c: AuditChainRow): Promise<void> {
    await this.guard(this.db.insertInto('audit_chains').values(c).execute());
  }
  /** Every chain, oldest first. */
  chains(): Promise<AuditChainRow[]> {
    return this.db.selectFrom('audit_chains').selectAll().orderBy('started_at').orderBy('id').execute();
  }
  /** When the audit log began: the start of its first chain (undefined when there is none yet). */
  async firstChainStart(): Promise<number | undefined> {
    const r = await this.db.selectFrom('audit_chains').select((eb) => eb.fn.min('started_at').as('t')).executeTakeFirst();
    return r?.t === null || r?.t === undefined ? undefined : Number(r.t);
  }
  /** Appends events; more than ROWS_PER_INSERT rows take several statements, so run those in a transaction. */
  async insertEvents(rows: readonly AuditEventRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      // PostgreSQL: the batch as one JSON parameter instead of 15 per row — about half the server's and
      // the driver's CPU per row (the pg driver encodes every parameter on the event loop).
      if (this.dialect === 'postgres') {
        await this.guard(sql`insert into audit_events (${EVENT_COLUMN_LIST}) select ${EVENT_COLUMN_LIST} from json_populate_recordset(null::audit_events, ${JSON.stringify(chunk)}::json)`.execute(this.db));
      } else await this.guard(this.db.insertInto('audit_events').values(chunk).execute());
    }
  }
  /** A chain's last stored event (the writer's head after a failed commit). */
  lastOf(chainId: string): Promise<Pick<AuditEventRow, 'seq' | 'hash' | 'event_time'> | undefined> {
    return this.db.selectFrom('audit_events').select(['seq', 'hash', 'event_time']).where('chain_id', '=', chainId)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }
  /** A chain's events in seq order, after `afterSeq`. */
  eventsOf(chainId: string, afterSeq = 0, limit = 1000): Promise<AuditEventRow[]> {
    return this.db.selectFrom('audit_events').selectAll().where('chain_id', '=', chainId).where('seq', '>', afterSeq)
      .orderBy('seq').limit(limit).execute();
  }
  /** Events of one account matching `q`, newest first. */
  find(q: EventQuery): Promise<AuditEventRow[]> {
    let s = this.db.selectFrom('audit_events').selectAll().where('account_id', '=', q.accountId);
    if (q.equals) s = s.where(q.equals.column, '=', q.equals.value as never);
    if (q.resourcesLike !== undefined) s = s.where(sql<SqlBool>`resources like ${`%${likeText(q.resourcesLike)}%`} escape '\\'`);
    if (q.succeededAs) s = s.where('error_code', 'is', null).where('event_name', 'in', q.succeededAs as string[]);
    if (q.startTime !== undefined) s = s.where('event_time', '>=', q.startTime);
    if (q.endTime !== undefined) s = s.where('event_time', '<=', q.endTime);
    const after = q.after;
    if (after) s = s.where((eb) => olderThan(eb, after));
    return s.orderBy('event_time', 'desc').orderBy('chain_id', 'desc').orderBy('seq', 'desc').limit(q.limit).execute();
  }
}
