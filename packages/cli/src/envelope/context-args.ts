/** Parsing of CLI values: `--encryption-context k=v … | @file.json`, positive integers. */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { SdkError } from '@trent/sdk';

/** Builds an EC from `k=v` pairs and/or `@file.json` (a JSON object of strings). */
export function parseEncryptionContext(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const ec: Record<string, string> = {};
  for (const v of values) {
    if (v.startsWith('@')) Object.assign(ec, readContextFile(v.slice(1)));
    else {
      const eq = v.indexOf('=');
      if (eq < 1) throw new SdkError('BadInput', `--encryption-context: expected key=value, got "${v}"`);
      ec[v.slice(0, eq)] = v.slice(eq + 1);
    }
  }
  return ec;
}

function readContextFile(path: string): Record<string, string> {
  let obj: unknown;
  try { obj = JSON.parse(readFileSync(path, 'utf8')); } catch { throw new SdkError('BadInput', `cannot read encryption context file ${path} as JSON`); }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || Object.values(obj).some((x) => typeof x !== 'string')) {
    throw new SdkError('BadInput', `encryption context file ${path} must be a JSON object of strings`);
  }
  return obj as Record<string, string>;
}

/** Parses a positive integer option; commander reports the error with the flag's name. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}
