/** JSON 1.1 on the wire: blobs as base64, timestamps as epoch seconds, errors as {"__type","message"}. */
import type { ServerResponse } from 'node:http';
import type { KmsError } from './errors.js';

/** Converts Buffers to base64 and Dates to epoch seconds, recursively, dropping undefined fields. */
export function toWire(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(toWire);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toWire(x);
    return out;
  }
  return v;
}

/**
 * `JSON.stringify(toWire(v))` without the detour: base64 text goes in verbatim, as it never needs
 * escaping, which spares JSON.stringify a character-by-character scan of every blob (~4 µs per 4 KiB).
 */
export function toJsonText(v: unknown): string {
  if (Buffer.isBuffer(v)) return `"${v.toString('base64')}"`;
  if (v instanceof Date) return JSON.stringify(v.getTime() / 1000);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : toJsonText(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${toJsonText(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Sends a JSON 1.1 success body. */
export function sendJson(res: ServerResponse, requestId: string, body: unknown): void {
  const text = toJsonText(body);
  res.writeHead(200, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

/** Sends an AWS JSON error body. */
export function sendError(res: ServerResponse, requestId: string, err: KmsError): void {
  const text = JSON.stringify({ __type: err.name, message: err.message });
  res.writeHead(err.status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': err.name,
  });
  res.end(text);
}
