/**
 * Verification of an exported directory: the same checks as on the store, reading the log files,
 * digest files and public keys an export wrote. Files that are not what they claim are named.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PUBLIC_KEYS_FILE, type DigestFile, type LogFile } from './export-layout.js';
import { pinnedKeys, type AuditPublicKey } from './signing-key.js';
import { verifyChains, type ChainInput, type KeyResolver, type Problem, type VerifyDigest, type VerifyEvent, type VerifyResult } from './verify.js';

/** Every file below `dir`, as paths relative to it, sorted. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))])).sort();
}

/** The events of one log file; throws when it is not a well-formed one. */
function readLogFile(dir: string, rel: string): { chainId: string; events: VerifyEvent[] } {
  const f = JSON.parse(gunzipSync(readFileSync(join(dir, rel))).toString('utf8')) as LogFile;
  const chain = f?.trentChain;
  if (!Array.isArray(f?.Records) || typeof chain?.chainId !== 'string' || !Array.isArray(chain.events) || chain.events.length !== f.Records.length) throw new Error('it is not a Trent audit log file (Records and trentChain do not match)');
  // The stored record text is JSON.stringify of the record (how the writer stores it), so it is recovered exactly.
  const events = f.Records.map((rec, i) => {
    const c = chain.events[i]!;
    return { seq: c.seq, record: JSON.stringify(rec), prevHash: c.prevHash, hash: c.hash, where: `${rel} (event ${chain.chainId}#${c.seq})` };
  });
  return { chainId: chain.chainId, events };
}

/** One digest file; throws when it is not a well-formed one. */
function readDigestFile(dir: string, rel: string): DigestFile & { where: string } {
  const f = JSON.parse(readFileSync(join(dir, rel), 'utf8')) as DigestFile;
  if (typeof f?.chainId !== 'string' || !Number.isSafeInteger(f.digestSeq) || typeof f.signingKeyId !== 'string' || typeof f.signature !== 'string' || typeof f.document !== 'string') throw new Error('it is not a Trent digest file');
  return { ...f, where: rel };
}

/** Reads an exported directory into verification input. */
function readExport(dir: string): { chains: ChainInput[]; keys: AuditPublicKey[] | undefined; problems: Problem[] } {
  const events = new Map<string, VerifyEvent[]>();
  const digests = new Map<string, VerifyDigest[]>();
  const problems: Problem[] = [];
  let keys: AuditPublicKey[] | undefined;
  const add = <T>(m: Map<string, T[]>, k: string, v: T[]) => m.set(k, [...(m.get(k) ?? []), ...v]);
  for (const rel of walk(dir)) {
    try {
      if (rel.endsWith(PUBLIC_KEYS_FILE)) keys = JSON.parse(readFileSync(join(dir, rel), 'utf8')) as AuditPublicKey[];
      else if (rel.includes('_CloudTrail-Digest_') && rel.endsWith('.json')) { const d = readDigestFile(dir, rel); add(digests, d.chainId, [{ ...d, seq: d.digestSeq }]); }
      else if (rel.includes('_CloudTrail_') && rel.endsWith('.json.gz')) { const l = readLogFile(dir, rel); add(events, l.chainId, l.events); }
    } catch (err) {
      problems.push({ kind: 'File', where: rel, message: `changed: ${err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message}` });
    }
  }
  const ids = [...new Set([...digests.keys(), ...events.keys()])].sort();
  const chains = ids.map((chainId) => {
    const ev = (events.get(chainId) ?? []).sort((a, b) => a.seq - b.seq);
    return { chainId, digests: (digests.get(chainId) ?? []).sort((a, b) => a.seq - b.seq), events: (async function* () { yield* ev; })() };
  });
  return { chains, keys, problems };
}

/** Verifies an exported directory; `pinnedPem` (one or more PEM public keys) replaces the keys in the directory. */
export async function verifyDir(dir: string, pinnedPem?: string): Promise<VerifyResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const { chains, keys, problems } = readExport(dir);
  let resolve: KeyResolver;
  if (pinnedPem !== undefined) {
    const pinned = pinnedKeys(pinnedPem);
    resolve = () => pinned;
  } else {
    if (!keys) problems.push({ kind: 'File', where: PUBLIC_KEYS_FILE, message: 'removed: no public keys in the directory (or pass --public-key)' });
    const byId = new Map((keys ?? []).map((k) => [k.id, k.publicKeyPem]));
    resolve = (id) => (byId.has(id) ? [byId.get(id)!] : []);
  }
  return verifyChains(chains, resolve, problems);
}
