/**
 * The audit writer (docs/audit.md, "Writing"): this process's chain, appended to by group commit.
 * Records appended while a commit is in flight wait for the next one, which takes them all in one
 * statement; `append` resolves only once its record has committed, and a failed commit fails every
 * request in it (fail closed). Seq and hash are assigned when a batch is committed, from the last
 * committed event, so a failed batch leaves no gap behind it.
 */
import { eventHash, GENESIS_HASH } from './chain.js';
import { uuid } from '../crypto/random.js';
import { auditQueueDepth, observeAuditCommit } from '../metrics.js';
import { ROWS_PER_INSERT, type AuditEventRow } from '../store/audit-repo.js';
import type { Store } from '../store/store.js';

/** One event to append: the CloudTrail record as JSON text and the lookup columns copied from it. */
export type AuditEntry = Omit<AuditEventRow, 'chain_id' | 'seq' | 'prev_hash' | 'hash'>;

/** The last committed event of a chain (seq 0 and the genesis hash before the first). */
export interface AuditHead { seq: number; hash: string; time: number | null }

/** The audit log as the rest of the server sees it (`ctx.audit`). */
export interface AuditLog {
  /** False when TRENT_AUDIT=off: nothing is recorded, and callers need not build records. */
  readonly enabled: boolean;
  /** This process's chain id. */
  readonly chainId: string;
  /** Resolves once `entry` is committed; rejects when its commit failed. */
  append(entry: AuditEntry): Promise<void>;
  /** The last committed event. */
  head(): AuditHead;
  /** Resolves once everything appended before the call has been committed (or has failed). */
  flush(): Promise<void>;
  /** Runs `fn` with commits held back: `head` does not move until `fn` settles. */
  paused<T>(fn: (head: AuditHead) => Promise<T>): Promise<T>;
  /** Adds work to run at close, after the last flush, with commits held back (e.g. a final digest). */
  onClose(hook: (head: AuditHead) => Promise<void>): void;
  /** Flushes, runs the close hooks, and refuses further appends. Call before the store closes. */
  close(): Promise<void>;
}

/** Most events one commit takes; the rest wait for the next. */
const MAX_BATCH = 2000;

interface Pending { entry: AuditEntry; resolve(): void; reject(err: unknown): void }

/** The chain writer of one process. */
export class ChainWriter implements AuditLog {
  readonly enabled = true;
  private pending: Pending[] = [];
  private flushWaiters: (() => void)[] = [];
  private committed: AuditHead = { seq: 0, hash: GENESIS_HASH, time: null };
  /** Set after a failed commit: the store may hold more than we think, so read the head back first. */
  private stale = false;
  private scheduled = false;
  private running = false;
  private closed = false;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly closeHooks: ((head: AuditHead) => Promise<void>)[] = [];

  private constructor(private readonly store: Store, readonly chainId: string) {}

  /** Registers a new chain for this process (`node`: host, port and worker) and returns its writer. */
  static async start(store: Store, node: string): Promise<ChainWriter> {
    const w = new ChainWriter(store, uuid());
    await store.audit.insertChain({ id: w.chainId, node, started_at: Date.now(), pruned_through: 0 });
    auditQueueDepth(() => w.pending.length);
    return w;
  }

  append(entry: AuditEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the audit log is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      this.kick();
    });
  }

  head(): AuditHead { return { ...this.committed }; }

  flush(): Promise<void> {
    return new Promise((resolve) => { this.flushWaiters.push(resolve); this.kick(); });
  }

  paused<T>(fn: (head: AuditHead) => Promise<T>): Promise<T> {
    return this.inTurn(() => fn(this.head()));
  }

  onClose(hook: (head: AuditHead) => Promise<void>): void { this.closeHooks.push(hook); }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const hook of this.closeHooks) await this.paused(hook);
  }

  /** Commits and paused sections take turns, one at a time. */
  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.turn.then(fn);
    this.turn = p.catch(() => {});
    return p;
  }

  // Deferred to the end of this event-loop turn, so requests finishing together share the first commit too.
  private kick(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    try {
      while (this.pending.length) await this.inTurn(() => this.commit(this.pending.splice(0, MAX_BATCH)));
    } finally {
      this.running = false;
      const waiters = this.flushWaiters;
      this.flushWaiters = [];
      for (const w of waiters) w();
      if (this.pending.length) this.kick();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      if (this.stale) await this.reloadHead();
      let { seq, hash } = this.committed;
      const rows: AuditEventRow[] = batch.map(({ entry }) => {
        const prev = hash;
        hash = eventHash(this.chainId, ++seq, prev, entry.record);
        return { ...entry, chain_id: this.chainId, seq, prev_hash: prev, hash };
      });
      if (rows.length <= ROWS_PER_INSERT) await this.store.audit.insertEvents(rows);
      else await this.store.transaction((tx) => tx.audit.insertEvents(rows));
      this.committed = { seq, hash, time: rows[rows.length - 1]!.event_time };
    } catch (err) {
      this.stale = true;
      observeAuditCommit(batch.length, seconds(started), false);
      for (const p of batch) p.reject(err);
      return;
    }
    observeAuditCommit(batch.length, seconds(started), true);
    for (const p of batch) p.resolve();
  }

  /** After a failure whose outcome is unknown (a commit may have landed before the connection broke). */
  private async reloadHead(): Promise<void> {
    const last = await this.store.audit.lastOf(this.chainId);
    this.committed = last ? { seq: last.seq, hash: last.hash, time: last.event_time } : { seq: 0, hash: GENESIS_HASH, time: null };
    this.stale = false;
  }
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** TRENT_AUDIT=off: records nothing (the benchmark's baseline). */
export const AUDIT_OFF: AuditLog = {
  enabled: false,
  chainId: '',
  append: () => Promise.resolve(),
  head: () => ({ seq: 0, hash: GENESIS_HASH, time: null }),
  flush: () => Promise.resolve(),
  paused: (fn) => fn({ seq: 0, hash: GENESIS_HASH, time: null }),
  onClose: () => {},
  close: () => Promise.resolve(),
};
