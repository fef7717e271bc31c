/**
 * The audit log's checkpointer (started by sqlite-sink.ts), on a thread of its own: copies the WAL back
 * into the database file every `everyMs`, so no request's commit ever has to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../store/sqlite-open.js';

const { file, everyMs, restartPages } = workerData as { file: string; everyMs: number; restartPages: number };
const db = openSqlite(file);
db.pragma('busy_timeout = 200'); // a RESTART waits this long for writers (who retry without blocking)
db.pragma('wal_autocheckpoint = 0');

function checkpoint(): void {
  try {
    // PASSIVE never waits for anyone. Under steady writes it may never catch the WAL's end, and the
    // WAL only starts over once a checkpoint has, so a large WAL gets a RESTART, which holds writers
    // back (≤ busy_timeout) for the last frames.
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    if (r && r.log > restartPages) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // SQLITE_BUSY and the like: the next tick tries again
  }
}

setInterval(checkpoint, everyMs);
parentPort!.on('message', (m: { close?: true }) => {
  if (!m.close) return;
  checkpoint();
  db.close();
  parentPort!.postMessage({ closed: true });
});
parentPort!.postMessage({ ready: true });
