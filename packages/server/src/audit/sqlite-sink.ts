/**
 * Audit commits on SQLite, off the event loop. better-sqlite3 is synchronous, so a commit with
 * `synchronous = FULL` would hold the whole process for its fsync (~2 ms, far more on a busy disk);
 * a worker thread with its own connection takes the batches instead, and requests keep being served
 * while it waits for the disk. On PostgreSQL the driver is asynchronous and the store is used directly.
 */
import { Worker } from 'node:worker_threads';
import type { AuditEventRow } from '../store/audit-repo.js';

/** Where committed batches go: the store's own connection, or the SQLite sink's thread. */
export interface EventSink {
  /** Inserts one batch atomically; resolves once it is durable. */
  insert(rows: readonly AuditEventRow[]): Promise<void>;
  close(): Promise<void>;
}

type Reply = { id: number; error?: { message: string; code?: string } };

/** audit_events' columns, in the order the thread's INSERT names them. */
export const EVENT_COLUMNS = ['chain_id', 'seq', 'event_id', 'event_time', 'account_id', 'event_name', 'event_source', 'read_only', 'username',
  'access_key_id', 'resources', 'error_code', 'record', 'prev_hash', 'hash'] as const;

function columnValues(r: AuditEventRow): unknown[] {
  return EVENT_COLUMNS.map((c) => r[c]);
}

/** The SQLite sink: one worker thread (`sqlite-sink-thread.ts`) with its own connection to `file`. */
export class SqliteSink implements EventSink {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
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

  /** Starts the thread and waits until its connection is open. */
  static async open(file: string): Promise<SqliteSink> {
    const worker = new Worker(new URL('./sqlite-sink-thread.js', import.meta.url), { workerData: { file } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return new SqliteSink(worker);
  }

  insert(rows: readonly AuditEventRow[]): Promise<void> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref(); // a commit in flight keeps the process alive; an idle thread does not
      // Rows travel as arrays of column values: cheaper to copy between threads than objects.
      this.worker.postMessage({ id, rows: rows.map(columnValues) });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
