/**
 * Audit commits on SQLite, off the event loop. better-sqlite3 is synchronous, so a commit with
 * `synchronous = FULL` would hold the whole process for its fsync (~2 ms, far more on a busy disk);
 * a worker thread with its own connection takes the batches instead, and requests keep being served
 * while it waits for the disk. On PostgreSQL the driver is asynchronous and the store is used directly.
 */
import { Worker } from 'node:worker_threads';
import { EVENT_COLUMNS, type AuditEventRow } from '../store/audit-repo.js';

/** Where committed batches go: the store's own connection, or the SQLite sink's thread. */
export interface EventSink {
  /** Inserts one batch atomically; resolves once it is durable. */
  insert(rows: readonly AuditEventRow[]): Promise<void>;
  close(): Promise<void>;
}

/** What the thread is sent: a batch to commit, or the request to sync and close. */
export type SinkRequest = { id: number; rows: string } | { close: true };
/** What the thread answers: a batch's outcome, readiness, a failed WAL fsync, or closed. */
export type SinkReply = { id: number; error?: { message: string; code?: string } } | { ready: true } | { syncFailed: string } | { closed: true };

/**
 * A batch as one string for the thread: per value `-` (null), `n<digits>;` (a number) or
 * `s<length>:<text>` (a string, its length in UTF-16 units). Copying one flat string between
 * threads costs a fraction of cloning ~15 values per row; lengths, not separators, delimit the
 * values, so no text a caller chose (an IAM action name, say) can shift a value into the next column.
 */
export function encodeRows(rows: readonly AuditEventRow[]): string {
  let out = '';
  for (const r of rows) {
    for (const c of EVENT_COLUMNS) {
      const v = r[c];
      if (v === null || v === undefined) out += '-';
      else if (typeof v === 'number') out += `n${v};`;
      else out += `s${(v as string).length}:${v as string}`;
    }
  }
  return out;
}

/** The rows of {@link encodeRows}' string, each as its column values in EVENT_COLUMNS order. */
export function decodeRows(text: string): unknown[][] {
  const rows: unknown[][] = [];
  let i = 0;
  while (i < text.length) {
    const row: unknown[] = [];
    for (let c = 0; c < EVENT_COLUMNS.length; c++) {
      const tag = text[i];
      if (tag === '-') { row.push(null); i++; continue; }
      const end = text.indexOf(tag === 'n' ? ';' : ':', i);
      const n = end < 0 ? NaN : Number(text.slice(i + 1, end));
      if ((tag !== 'n' && tag !== 's') || Number.isNaN(n) || (tag === 's' && end + 1 + n > text.length)) throw new Error('malformed audit batch');
      if (tag === 'n') { row.push(n); i = end + 1; continue; }
      row.push(text.slice(end + 1, end + 1 + n));
      i = end + 1 + n;
    }
    rows.push(row);
  }
  return rows;
}

/** The SQLite sink: one worker thread (`sqlite-sink-thread.ts`) with its own connection to `file`. */
export class SqliteSink implements EventSink {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();
  private closing?: () => void;

  private constructor(private readonly worker: Worker, onSyncError: (message: string) => void) {
    worker.on('message', (m: SinkReply) => {
      if ('syncFailed' in m) return onSyncError(m.syncFailed);
      if ('closed' in m) return this.closing?.();
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (!m.error) return w?.resolve();
      w?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    });
    // A thread that dies fails what it held; the next insert fails too (fail closed), never hangs.
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('the audit writer thread exited')));
    worker.unref();
  }

  /**
   * Starts the thread and waits until its connection is open. `syncMs`: see Config.auditSyncMs;
   * `onSyncError` hears of a failed WAL fsync (after which every commit is fsynced).
   */
  static async open(file: string, syncMs: number, onSyncError: (message: string) => void): Promise<SqliteSink> {
    const worker = new Worker(new URL('./sqlite-sink-thread.js', import.meta.url), { workerData: { file, syncMs } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return new SqliteSink(worker, onSyncError);
  }

  insert(rows: readonly AuditEventRow[]): Promise<void> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref(); // a commit in flight keeps the process alive; an idle thread does not
      this.worker.postMessage({ id, rows: encodeRows(rows) } satisfies SinkRequest);
    });
  }

  /** fsyncs what is not yet synced, closes the connection and stops the thread. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => { this.closing = resolve; });
    this.worker.ref();
    this.worker.postMessage({ close: true } satisfies SinkRequest);
    await Promise.race([closed, new Promise((r) => this.worker.once('exit', r))]);
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
