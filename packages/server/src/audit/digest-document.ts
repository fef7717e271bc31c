/**
 * The digest document (docs/audit.md, "Digests"): canonical JSON with a fixed key order, signed
 * byte for byte. Parsing is strict: the exact keys, in order, with their types.
 */
import { sha256Hex } from '../crypto/aead.js';

/** Why a digest was written: the interval, the process's shutdown, or a retention cut. */
export type DigestKind = 'interval' | 'shutdown' | 'cut';

/** What one digest states about its chain. */
export interface DigestDocument {
  version: 1;
  chainId: string;
  node: string;
  digestSeq: number;
  kind: DigestKind;
  /** The chain has ended: no event may follow lastEventSeq. */
  final: boolean;
  digestTime: string;
  /** The events covered are firstEventSeq..lastEventSeq (none when lastEventSeq = firstEventSeq − 1). */
  firstEventSeq: number;
  lastEventSeq: number;
  firstEventTime: string | null;
  lastEventTime: string | null;
  /** Hash of event lastEventSeq (of the newest event covered so far when this digest covers none). */
  lastEventHash: string;
  /** Retention cut: events with seq <= prunedThrough may have been removed on purpose. */
  prunedThrough: number;
  previousDigestSignature: string | null;
  previousDigestHash: string | null;
  signingKeyId: string;
  signingAlgorithm: string;
}

/** The keys in their canonical order, with the type each must have. */
const FIELDS: readonly [keyof DigestDocument, (v: unknown) => boolean][] = [
  ['version', (v) => v === 1],
  ['chainId', isString], ['node', isString],
  ['digestSeq', isCount], ['kind', (v) => v === 'interval' || v === 'shutdown' || v === 'cut'], ['final', (v) => typeof v === 'boolean'],
  ['digestTime', isString],
  ['firstEventSeq', isCount], ['lastEventSeq', isCount],
  ['firstEventTime', isStringOrNull], ['lastEventTime', isStringOrNull],
  ['lastEventHash', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)],
  ['prunedThrough', isCount],
  ['previousDigestSignature', isStringOrNull], ['previousDigestHash', isStringOrNull],
  ['signingKeyId', isString], ['signingAlgorithm', isString],
];

function isString(v: unknown): boolean { return typeof v === 'string'; }
function isStringOrNull(v: unknown): boolean { return v === null || typeof v === 'string'; }
function isCount(v: unknown): boolean { return Number.isSafeInteger(v) && (v as number) >= 0; }

/** The canonical text of a digest document: JSON.stringify of the fields in FIELDS order, no spaces. */
export function serializeDigest(doc: DigestDocument): string {
  const ordered: Record<string, unknown> = {};
  for (const [k] of FIELDS) ordered[k] = doc[k];
  return JSON.stringify(ordered);
}

/** Reads a digest document; throws when it is not exactly one in canonical form. */
export function parseDigest(text: string): DigestDocument {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw new Error('is not JSON'); }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('is not a JSON object');
  const keys = Object.keys(v);
  if (keys.length !== FIELDS.length || FIELDS.some(([k], i) => keys[i] !== k)) throw new Error('does not have the digest fields in canonical order');
  for (const [k, ok] of FIELDS) if (!ok((v as Record<string, unknown>)[k])) throw new Error(`has a malformed ${k}`);
  const doc = v as DigestDocument;
  if (serializeDigest(doc) !== text) throw new Error('is not in canonical form');
  return doc;
}

/** The hash a digest's successor records: hex SHA-256 of its document's UTF-8 bytes. */
export function digestHash(document: string): string {
  return sha256Hex(document);
}

/** An epoch-ms time as ISO 8601 UTC with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
