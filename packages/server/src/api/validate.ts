/**
 * Validates a parsed JSON 1.1 request against the service model and converts it to typed values
 * (blobs → Buffer, timestamps → Date). Wrong JSON types are SerializationException; constraint
 * violations are one ValidationException listing every violation, worded as AWS words them.
 */
import { fail } from './errors.js';
import { shape, type Shape } from './model.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const patterns = new Map<string, RegExp>();

/** Member names in messages are lower camel case, as AWS prints them ('keyId', 'plaintext'). */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function regexFor(p: string): RegExp {
  let r = patterns.get(p);
  if (!r) {
    // AWS patterns are Java regexes that must match the whole value.
    r = new RegExp(`^(?:${p})$`, 'u');
    patterns.set(p, r);
  }
  return r;
}

/** Quotes a value for a message; sensitive and binary values are never echoed. */
function shown(s: Shape, value: unknown): string {
  if (s.sensitive || s.type === 'blob' || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return ` '${text.length > 256 ? text.slice(0, 256) + '…' : text}'`;
}

function checkLength(s: Shape, len: number, value: unknown, path: string, errs: string[]): void {
  const what = s.type === 'list' || s.type === 'map' ? 'length' : 'length';
  if (s.min !== undefined && len < s.min) errs.push(`Value${shown(s, value)} at '${path}' failed to satisfy constraint: Member must have ${what} greater than or equal to ${s.min}`);
  if (s.max !== undefined && len > s.max) errs.push(`Value${shown(s, value)} at '${path}' failed to satisfy constraint: Member must have ${what} less than or equal to ${s.max}`);
}

function typeError(s: Shape, path: string): never {
  return fail('SerializationException', `Unexpected value type at '${path}': expected ${s.type}`);
}

function convertString(s: Shape, v: unknown, path: string, errs: string[]): string {
  if (typeof v !== 'string') typeError(s, path);
  checkLength(s, v.length, v, path, errs);
  if (s.enum && !s.enum.includes(v)) errs.push(`Value${shown(s, v)} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${s.enum.join(', ')}]`);
  else if (s.pattern && !regexFor(s.pattern).test(v)) errs.push(`Value${shown(s, v)} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${s.pattern}`);
  return v;
}

function convertBlob(s: Shape, v: unknown, path: string, errs: string[]): Buffer {
  if (typeof v !== 'string') typeError(s, path);
  const b = Buffer.from(v, 'base64');
  // Canonical base64 re-encodes to itself (a few µs for 4 KiB); only other values need the pattern (~20 µs).
  if (b.toString('base64') !== v && !BASE64.test(v)) {
    b.fill(0);
    fail('SerializationException', `Value at '${path}' is not valid base64`);
  }
  checkLength(s, b.length, undefined, path, errs);
  return b;
}

function convertNumber(s: Shape, v: unknown, path: string, errs: string[]): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) typeError(s, path);
  if (s.min !== undefined && v < s.min) errs.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${s.min}`);
  if (s.max !== undefined && v > s.max) errs.push(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${s.max}`);
  return v;
}

function convertTimestamp(s: Shape, v: unknown, path: string): Date {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000);
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v);
  return typeError(s, path);
}

function convertList(s: Shape, v: unknown, path: string, errs: string[]): unknown[] {
  if (!Array.isArray(v)) typeError(s, path);
  checkLength(s, v.length, undefined, path, errs);
  const m = shape(s.member!);
  return v.map((item, i) => convert(m, item, `${path}.${i + 1}.member`, errs));
}

function convertMap(s: Shape, v: unknown, path: string, errs: string[]): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) typeError(s, path);
  const out: Record<string, unknown> = {};
  const ks = shape(s.key!);
  const vs = shape(s.value!);
  for (const [k, val] of Object.entries(v)) {
    convert(ks, k, `${path}.key`, errs);
    // defineProperty, not assignment: a key named "__proto__" must stay a key, not set the prototype.
    Object.defineProperty(out, k, { value: convert(vs, val, `${path}.${k}.value`, errs), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

interface Member { name: string; wireName: string; shape: Shape }
const memberTables = new Map<Shape, Member[]>();

/** A structure's members with their shapes and message names, worked out once per shape (this runs on every request). */
function membersOf(s: Shape): Member[] {
  let table = memberTables.get(s);
  if (!table) {
    table = Object.entries(s.members ?? {}).map(([name, shapeName]) => ({ name, wireName: lowerFirst(name), shape: shape(shapeName) }));
    memberTables.set(s, table);
  }
  return table;
}

function convertStructure(s: Shape, v: unknown, path: string, errs: string[]): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) typeError(s, path);
  const input = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const prefix = path ? path + '.' : '';
  for (const name of s.required ?? []) {
    if (input[name] === undefined || input[name] === null) {
      errs.push(`Value null at '${prefix}${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  for (const m of membersOf(s)) {
    const value = input[m.name];
    if (value === undefined || value === null) continue;
    out[m.name] = convert(m.shape, value, prefix + m.wireName, errs);
  }
  return out;
}

function convert(s: Shape, v: unknown, path: string, errs: string[]): unknown {
  switch (s.type) {
    case 'string': return convertString(s, v, path, errs);
    case 'blob': return convertBlob(s, v, path, errs);
    case 'integer': case 'long': return convertNumber(s, v, path, errs);
    case 'boolean': return typeof v === 'boolean' ? v : typeError(s, path);
    case 'timestamp': return convertTimestamp(s, v, path);
    case 'list': return convertList(s, v, path, errs);
    case 'map': return convertMap(s, v, path, errs);
    case 'structure': return convertStructure(s, v, path, errs);
  }
}

/** Validates `body` against the named input shape; returns the converted input or throws. */
export function validateInput(shapeName: string, body: unknown): Record<string, unknown> {
  const errs: string[] = [];
  const out = convertStructure(shape(shapeName), body ?? {}, '', errs);
  if (errs.length) {
    const n = errs.length;
    fail('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${errs.join('; ')}`);
  }
  return out;
}
