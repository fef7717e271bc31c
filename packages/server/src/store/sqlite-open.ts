/** Opening a SQLite file as Trent does everywhere: WAL, durable commits, shared by several processes. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** Opens `file` (creating its directory) with Trent's settings. */
export function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL'); // an acknowledged change survives power loss, not only a crash
  raw.pragma('busy_timeout = 10000'); // several worker processes share the file
  raw.pragma('foreign_keys = ON');
  return raw;
}
