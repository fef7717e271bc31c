/**
 * Where an export puts things (docs/audit.md, "Export and verify"): CloudTrail's S3 layout under the
 * deployment's first account and first region, one log file per chain and digest range.
 */
import { join } from 'node:path';

/** The public keys' file, beside the digest folders. */
export const PUBLIC_KEYS_FILE = 'trent-public-keys.json';

/** CloudTrail's compact UTC time stamp: YYYYMMDDTHHmmssZ. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** YYYY/MM/DD of a time, UTC. */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}

/** The account and region every file of an export sits under. */
export interface ExportScope { account: string; region: string }

/** Relative path of the log file holding events first..last of a chain, stamped with its last event's time. */
export function logFilePath(s: ExportScope, chainId: string, first: number, last: number, lastTime: number): string {
  return join('AWSLogs', s.account, 'CloudTrail', s.region, day(lastTime), `${s.account}_CloudTrail_${s.region}_${stamp(lastTime)}_${chainId}-${first}-${last}.json.gz`);
}

/** Relative path of a digest file, stamped with the digest's time. */
export function digestFilePath(s: ExportScope, chainId: string, seq: number, time: number): string {
  return join('AWSLogs', s.account, 'CloudTrail-Digest', s.region, day(time), `${s.account}_CloudTrail-Digest_${s.region}_${chainId}_${seq}_${stamp(time)}.json`);
}

/** Relative path of the public keys' file. */
export function publicKeysPath(s: ExportScope): string {
  return join('AWSLogs', s.account, 'CloudTrail-Digest', PUBLIC_KEYS_FILE);
}

/** One exported log file: the records as stored, and beside them the chain fields that verify them. */
export interface LogFile { Records: unknown[]; trentChain: { chainId: string; events: { seq: number; prevHash: string; hash: string }[] } }

/** One exported digest file: the signed document text exactly as stored, and its signature. */
export interface DigestFile { chainId: string; digestSeq: number; signingKeyId: string; signature: string; document: string }
