/**
 * `trent audit export`: the audit log as CloudTrail-style files (docs/audit.md, "Export and verify"):
 * gzip JSON log files `{"Records":[…],"trentChain":{…}}` with the records exactly as stored, one per
 * chain and digest range (split every MAX_RECORDS), the digest files, and the public keys.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Config } from '../config.js';
import type { AuditEventRow } from '../store/audit-repo.js';
import type { Store } from '../store/store.js';
import { digestFilePath, logFilePath, publicKeysPath, type DigestFile, type ExportScope } from './export-layout.js';
import { parseDigest } from './digest-document.js';
import { publicKeys } from './signing-key.js';

const MAX_RECORDS = 1000;
const PAGE = 1000;

/** What an export wrote. */
export interface ExportSummary { chains: number; events: number; logFiles: number; digestFiles: number; out: string; account: string }

/** The deployment's first account (the one first start made), and its first region. */
async function scopeOf(store: Store, config: Config): Promise<ExportScope> {
  const adminKey = await store.getMeta('admin_access_key_id');
  const account = (adminKey && (await store.getAccessKey(adminKey))?.account_id) || (await store.listAccounts())[0] || '000000000000';
  return { account, region: config.regions[0] ?? 'us-east-1' };
}

function write(out: string, rel: string, data: Buffer | string): void {
  mkdirSync(dirname(join(out, rel)), { recursive: true });
  writeFileSync(join(out, rel), data, { mode: 0o600 });
}

/** Writes one log file: the stored record texts spliced in unchanged. */
function writeLogFile(out: string, scope: ExportScope, chainId: string, rows: AuditEventRow[]): void {
  const first = rows[0]!, last = rows.at(-1)!;
  const chain = JSON.stringify({ chainId, events: rows.map((r) => ({ seq: r.seq, prevHash: r.prev_hash, hash: r.hash })) });
  const text = `{"Records":[${rows.map((r) => r.record).join(',')}],"trentChain":${chain}}`;
  write(out, logFilePath(scope, chainId, first.seq, last.seq, last.event_time), gzipSync(text));
}

/** Exports one chain's events and digests; returns [events, log files, digest files]. */
async function exportChain(store: Store, out: string, scope: ExportScope, chainId: string): Promise<[number, number, number]> {
  const digests = await store.auditIntegrity.digests(chainId);
  for (const d of digests) {
    const file: DigestFile = { chainId, digestSeq: d.seq, signingKeyId: d.signing_key_id, signature: d.signature, document: d.document };
    write(out, digestFilePath(scope, chainId, d.seq, d.created_at), JSON.stringify(file) + '\n');
  }
  // A file ends at every digest's last event, so each digest's range is whole files.
  const ends = new Set(digests.map((d) => { try { return parseDigest(d.document).lastEventSeq; } catch { return -1; } }));
  let events = 0, files = 0;
  let batch: AuditEventRow[] = [];
  const flush = () => { if (batch.length) { writeLogFile(out, scope, chainId, batch); files++; batch = []; } };
  for (let after = 0; ;) {
    const rows = await store.audit.eventsOf(chainId, after, PAGE);
    for (const r of rows) {
      batch.push(r);
      events++;
      if (ends.has(r.seq) || batch.length >= MAX_RECORDS) flush();
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.seq;
  }
  flush();
  return [events, files, digests.length];
}

/** Exports the whole audit log into `out`, which must be empty or not exist yet. */
export async function exportAudit(store: Store, config: Config, out: string): Promise<ExportSummary> {
  if (existsSync(out) && readdirSync(out).length) throw new Error(`${out} is not empty: export into a new directory`);
  return store.snapshot((tx) => exportSnapshot(tx, config, out));
}

/** The export proper, on one consistent snapshot (retention running meanwhile cannot tear it). */
async function exportSnapshot(store: Store, config: Config, out: string): Promise<ExportSummary> {
  const scope = await scopeOf(store, config);
  write(out, publicKeysPath(scope), JSON.stringify(await publicKeys(store), null, 2) + '\n');
  const summary: ExportSummary = { chains: 0, events: 0, logFiles: 0, digestFiles: 0, out, account: scope.account };
  const ids = [...(await store.audit.chains()).map((c) => c.id), ...(await store.auditIntegrity.unregisteredChains())];
  for (const chainId of ids) {
    const [events, logFiles, digestFiles] = await exportChain(store, out, scope, chainId);
    summary.chains++;
    summary.events += events;
    summary.logFiles += logFiles;
    summary.digestFiles += digestFiles;
  }
  return summary;
}
