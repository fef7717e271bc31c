/**
 * Audit commits on SQLite (docs/audit.md, "Durability"). The audit connection commits with
 * `synchronous = NORMAL`: a commit is written to the WAL (a crash of Trent loses nothing) and costs
 * no fsync of its own. The fsync of the WAL is issued here, on libuv's thread pool so the event loop
 * never waits for the disk: before a batch's replies when `syncMs` is 0, otherwise at most `syncMs`
 * after the batch. The insert itself runs on the event loop: it is CPU work (~15 µs a row) that a
 * thread would not take off a machine whose cores all serve requests, and handing batches to one
 * cost more than the insert (measured, docs/audit.md). Checkpoints — copying the WAL back into the
 * database file, with two fsyncs — are what would stall the loop, so they run on a thread of their
 * own (checkpoint-thread.ts) and never inside an audit commit.
 */
import { fstat, fsync, open, stat, close as closeFd } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import { EVENT_COLUMNS, type AuditEventRow } from '../store/audit-repo.js';
import { openSqlite } from '../store/sqlite-open.js';

/** Where committed batches go: the store's own connection, or the SQLite sink. */
export interface EventSink {
  /** Inserts one batch atomically; resolves once it is as durable as the sink promises. */
  insert(rows: readonly AuditEventRow[]): Promise<void>;
  close(): Promise<void>;
}

const fsyncFd = promisify(fsync), fstatFd = promisify(fstat), statPath = promisify(stat), openPath = promisify(open), closePath = promisify(closeFd);

/** How often the checkpointer copies the WAL back, and the WAL size (pages) at which it makes the WAL start over. */
const CHECKPOINT_EVERY_MS = 250;
const RESTART_PAGES = 4_096; // 16 MiB of 4 KiB pages

/** Longest a commit retries while other worker processes hold the write lock. */
const BUSY_LIMIT_MS = 10_000;
/** Retries on the next loop turn first (another process's commit takes ~0.3 ms), then every millisecond. */
const QUICK_RETRIES = 20;

/** The SQLite sink: its own connection to `file`, used only for audit inserts. */
export class SqliteSink implements EventSink {
  private readonly batch: SqliteDatabase.Transaction<(rows: readonly AuditEventRow[]) => void>;
  private walFd?: number;
  private syncTimer?: NodeJS.Timeout;
  /** The WAL fsync in progress: one at a time, each covering every commit made before it started. */
  private syncing: Promise<void> = Promise.resolve();

  /**
   * `syncMs`: see Config.auditSyncMs. `onSyncError` hears of a failed timed fsync — from then on every
   * batch waits for its own fsync, so a failing disk fails calls (fail closed) instead of losing
   * events quietly — and of a checkpoint thread that died.
   */
  private constructor(private readonly db: SqliteDatabase.Database, private readonly file: string, private syncMs: number,
    private readonly onSyncError: (message: string) => void, private readonly checkpointer: Worker) {
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 0'); // SQLite's busy handler would sleep the event loop 1, 2, 5, 10… ms
    db.pragma('wal_autocheckpoint = 0'); // the checkpointer's job
    const insert = db.prepare(`insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
    this.batch = db.transaction((rows: readonly AuditEventRow[]) => { for (const r of rows) insert.run(EVENT_COLUMNS.map((c) => r[c] ?? null)); });
  }

  static async open(file: string, syncMs: number, onSyncError: (message: string) => void): Promise<SqliteSink> {
    const checkpointer = new Worker(new URL('./checkpoint-thread.js', import.meta.url), { workerData: { file, everyMs: CHECKPOINT_EVERY_MS, restartPages: RESTART_PAGES } });
    await new Promise((resolve, reject) => { checkpointer.once('message', resolve); checkpointer.once('error', reject); });
    checkpointer.unref(); // it never keeps the process alive
    checkpointer.once('error', (err) => onSyncError(`the checkpoint thread stopped (${err.message}); the WAL grows until the next start`));
    return new SqliteSink(openSqlite(file), file, syncMs, onSyncError, checkpointer);
  }

  async insert(rows: readonly AuditEventRow[]): Promise<void> {
    await this.commit(rows);
    if (this.syncMs === 0) return this.sync();
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      this.sync().catch((err: Error) => { this.syncMs = 0; this.onSyncError(`fsync of the WAL failed (${err.message}); every commit is fsynced from now on`); });
    }, this.syncMs);
  }

  /** fsyncs what is not yet synced and closes the connection. */
  async close(): Promise<void> {
    if (this.syncTimer) { clearTimeout(this.syncTimer); this.syncTimer = undefined; await this.sync().catch(() => undefined); }
    await this.syncing.catch(() => undefined);
    if (this.walFd !== undefined) await closePath(this.walFd).catch(() => undefined);
    this.db.close();
    // a last checkpoint, then the thread ends (or has already died: then there is nothing to wait for)
    await new Promise((resolve) => { this.checkpointer.once('message', resolve).once('exit', resolve); this.checkpointer.postMessage({ close: true }); });
    await this.checkpointer.terminate();
  }

  /** One immediate transaction; while another process holds the write lock, tries again without blocking the loop. */
  private commit(rows: readonly AuditEventRow[]): Promise<void> {
    const until = Date.now() + BUSY_LIMIT_MS;
    return new Promise((resolve, reject) => {
      const attempt = (tries: number): void => {
        try { this.batch.immediate(rows); resolve(); } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) return reject(err);
          if (tries < QUICK_RETRIES) setImmediate(attempt, tries + 1); else setTimeout(attempt, 1, tries + 1);
        }
      };
      attempt(0);
    });
  }

  /** fsyncs the WAL file after the fsync in progress: fsync covers every write to the file, through whichever descriptor. */
  private sync(): Promise<void> {
    const next = this.syncing.catch(() => undefined).then(async () => {
      const path = `${this.file}-wal`;
      // SQLite keeps the WAL file while we are connected; were it ever replaced, open the new one
      if (this.walFd !== undefined && (await fstatFd(this.walFd)).ino !== (await statPath(path)).ino) {
        await closePath(this.walFd);
        this.walFd = undefined;
      }
      this.walFd ??= await openPath(path, 'r');
      await fsyncFd(this.walFd);
    });
    this.syncing = next;
    return next;
  }
}
