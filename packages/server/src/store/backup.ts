/**
 * `trent backup` / `trent restore`: a logical, consistent snapshot of every Trent table as JSON
 * lines, taken while the server runs. Secrets stay sealed inside it (key material, access-key
 * secrets and the wrapped keyring are copied as the stored bytes), so the backup is useless
 * without the root key, which it never contains. The same format restores into SQLite or
 * PostgreSQL, so it also moves a deployment from one to the other. Format: docs/operations.md.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Store } from './store.js';

/** First line of every backup. */
interface Header { 'trent-backup': 1; created_at: number; dialect: string; tables: string[] }

/** Buffers travel as {"$b64": "..."}; everything else is plain JSON. */
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v;
  return out;
}

function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v && typeof v === 'object' && '$b64' in v ? Buffer.from((v as { $b64: string }).$b64, 'base64') : v;
  }
  return out;
}

/** Writes a snapshot of `store` to `file`; returns the number of rows per table. */
export async function backupStore(store: Store, file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file, { mode: 0o600 });
  const counts: Record<string, number> = {};
  const write = async (line: unknown) => { if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain'); };
  try {
    await store.snapshot(async (tx) => {
      const tables = await tx.tableNames();
      await write({ 'trent-backup': 1, created_at: Date.now(), dialect: store.dialect.name, tables } satisfies Header);
      for (const t of tables) {
        const rows = await tx.allRows(t);
        for (const r of rows) await write({ t, r: encodeRow(r) });
        counts[t] = rows.length;
      }
    });
  } finally {
    out.end();
    await once(out, 'close');
  }
  return counts;
}

/** Loads a backup into `store`, which must be empty (no keyring yet); all or nothing. */
export async function restoreStore(store: Store, file: string): Promise<Record<string, number>> {
  if (await store.getKeyring()) throw new Error('restore needs an empty data directory or database: this one already holds a keyring');
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const rowsByTable = new Map<string, Record<string, unknown>[]>();
  let header: Header | undefined;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const v = JSON.parse(line) as Header | { t: string; r: Record<string, unknown> };
    if (!header) {
      if (!('trent-backup' in v) || v['trent-backup'] !== 1) throw new Error(`${file} is not a Trent backup`);
      header = v;
      continue;
    }
    const { t, r } = v as { t: string; r: Record<string, unknown> };
    if (!rowsByTable.has(t)) rowsByTable.set(t, []);
    rowsByTable.get(t)!.push(decodeRow(r));
  }
  if (!header) throw new Error(`${file} is empty`);
  const known = new Set(await store.tableNames());
  const unknown = header.tables.filter((t) => !known.has(t));
  if (unknown.length) throw new Error(`the backup has tables this version of Trent lacks (${unknown.join(', ')}): restore with the version that made it`);
  const counts: Record<string, number> = {};
  await store.transaction(async (tx) => {
    for (const t of header!.tables) {
      const rows = rowsByTable.get(t) ?? [];
      for (let i = 0; i < rows.length; i += 200) await tx.insertRows(t, rows.slice(i, i + 200));
      counts[t] = rows.length;
    }
  });
  return counts;
}
