/** The SQLite audit sink's thread (see sqlite-sink.ts): inserts each batch in one immediate transaction. */
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_COLUMNS } from './sqlite-sink.js';
import { openSqlite } from '../store/sqlite-open.js';

const db = openSqlite((workerData as { file: string }).file); // the store's settings: an acknowledged event survives power loss
const insert = db.prepare(`insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
const batch = db.transaction((rows: unknown[][]) => { for (const r of rows) insert.run(r); });

parentPort!.on('message', ({ id, rows }: { id: number; rows: unknown[][] }) => {
  try {
    batch.immediate(rows);
    parentPort!.postMessage({ id });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    parentPort!.postMessage({ id, error: { message: e.message ?? String(err), code: e.code } });
  }
});
parentPort!.postMessage({ ready: true });
