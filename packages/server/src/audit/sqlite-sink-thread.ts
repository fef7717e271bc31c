/** The SQLite audit sink's thread (see sqlite-sink.ts): inserts each batch in one immediate transaction. */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeRows } from './sqlite-sink.js';
import { EVENT_COLUMNS } from '../store/audit-repo.js';
import { openSqlite } from '../store/sqlite-open.js';

const db = openSqlite((workerData as { file: string }).file); // the store's settings: an acknowledged event survives power loss
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

parentPort!.on('message', ({ id, rows }: { id: number; rows: string }) => {
  try {
    commit(decodeRows(rows));
    parentPort!.postMessage({ id });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    parentPort!.postMessage({ id, error: { message: e.message ?? String(err), code: e.code } });
  }
});
parentPort!.postMessage({ ready: true });
