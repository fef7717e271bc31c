/** The SQLite audit sink's thread (see sqlite-sink.ts): inserts each batch in one immediate transaction. */
import { closeSync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeRows, type SinkReply, type SinkRequest } from './sqlite-sink.js';
import { EVENT_COLUMNS } from '../store/audit-repo.js';
import { openSqlite } from '../store/sqlite-open.js';

const { file, syncMs } = workerData as { file: string; syncMs: number };
const db = openSqlite(file);
// syncMs 0: the store's settings, every commit fsynced before its replies (survives power loss).
// Otherwise a commit is written to the WAL (in the OS's cache: a crash of Trent loses nothing) and
// the WAL is fsynced at most syncMs later. The fsync was most of an audited call's cost on VMs.
if (syncMs > 0) db.pragma('synchronous = NORMAL');
const insert = db.prepare(`insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
const batch = db.transaction((rows: unknown[][]) => { for (const r of rows) insert.run(r); });

// Worker processes share the file, and SQLite's own busy handler sleeps 1, 2, 5, 10… ms between tries
// while another process commits (~1 ms): commits would wait several fsyncs. Retry every 100 µs instead.
db.pragma('busy_timeout = 0');
const nap = new Int32Array(new SharedArrayBuffer(4));
const BUSY_LIMIT_MS = 10_000;

function commit(rows: unknown[][]): void {
  const until = Date.now() + BUSY_LIMIT_MS;
  for (;;) {
    try { batch.immediate(rows); return; } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      Atomics.wait(nap, 0, 0, 0.1);
    }
  }
}

const walFile = `${file}-wal`;
let walFd: number | undefined;
let syncTimer: NodeJS.Timeout | undefined;

/** fsyncs the WAL file: fsync covers every write to the file, through whichever descriptor, so all our frames are durable after it. */
function syncWal(): void {
  clearTimeout(syncTimer);
  syncTimer = undefined;
  try {
    // SQLite keeps the WAL file while we are connected; a replaced file would only be re-opened
    if (walFd !== undefined && fstatSync(walFd).ino !== statSync(walFile).ino) { closeSync(walFd); walFd = undefined; }
    walFd ??= openSync(walFile, 'r');
    fsyncSync(walFd);
  } catch (err) {
    // The disk may have lost what it was given: from now on every commit is fsynced before its
    // replies, so a failing disk fails calls (fail closed) instead of losing more events quietly.
    db.pragma('synchronous = FULL');
    post({ syncFailed: (err as Error).message });
  }
}

function post(m: SinkReply): void { parentPort!.postMessage(m); }

parentPort!.on('message', (m: SinkRequest) => {
  if ('close' in m) {
    if (syncTimer) syncWal();
    db.close();
    post({ closed: true });
    return;
  }
  try {
    commit(decodeRows(m.rows));
    if (syncMs > 0) syncTimer ??= setTimeout(syncWal, syncMs);
    post({ id: m.id });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    post({ id: m.id, error: { message: e.message ?? String(err), code: e.code } });
  }
});
post({ ready: true });
