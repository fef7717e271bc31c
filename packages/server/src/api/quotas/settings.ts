/**
 * The quota setting (TRENT_QUOTAS / --quotas): `off` (the default), `aws` (AWS's default figures) or a
 * JSON file naming quotas whose figures replace AWS's. Read once at start, so a bad file refuses to start.
 */
import { readFileSync } from 'node:fs';
import { QUOTA_NAMES, awsRate } from './table.js';

/** Request quotas as configured: AWS's figures with the file's replacements, shared by `nodes` nodes. */
export interface QuotaSettings {
  /** `aws`, or the path of the quota file. */
  source: string;
  /** Quota name → requests per second, or null for no quota; names left out keep AWS's figure. */
  overrides: Record<string, number | null>;
  /** How many nodes share the account's quota: each enforces 1/nodes of every figure. */
  nodes: number;
}

/** Parses the setting; undefined when quotas are off. Throws an Error naming TRENT_QUOTAS on bad input. */
export function parseQuotaSetting(value: string | undefined, nodes: string | number | undefined): QuotaSettings | undefined {
  const setting = (value ?? '').trim();
  if (setting === '' || setting === 'off') return undefined;
  const n = Number(nodes ?? 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TRENT_QUOTA_NODES must be a whole number of nodes, at least 1, not '${nodes}'`);
  if (setting === 'aws') return { source: 'aws', overrides: {}, nodes: n };
  return { source: setting, overrides: readQuotaFile(setting), nodes: n };
}

function readQuotaFile(path: string): Record<string, number | null> {
  let doc: unknown;
  try { doc = JSON.parse(readFileSync(path, 'utf8')); } catch (err) {
    throw new Error(`TRENT_QUOTAS must be off, aws or a readable JSON file: ${path}: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`TRENT_QUOTAS file ${path} must hold a JSON object of quota names and requests per second`);
  const out: Record<string, number | null> = {};
  for (const [name, rate] of Object.entries(doc)) {
    if (!QUOTA_NAMES.has(name)) throw new Error(`TRENT_QUOTAS file ${path}: unknown quota '${name}' (names are AWS's, e.g. 'CreateKey request rate')`);
    if (rate !== null && (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate))) {
      throw new Error(`TRENT_QUOTAS file ${path}: '${name}' must be a positive number of requests per second, or null for no quota`);
    }
    out[name] = rate;
  }
  return out;
}

/** The figure of one quota in one region under these settings (requests per second, for the whole service); undefined: none. */
export function rateOf(settings: QuotaSettings, name: string, region: string): number | undefined {
  if (Object.hasOwn(settings.overrides, name)) return settings.overrides[name] ?? undefined;
  return awsRate(name, region);
}
