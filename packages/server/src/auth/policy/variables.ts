/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, `${?}`, `${$}`,
 * `${key, 'default'}`) in Resource and in String/Arn condition values. Only Version 2012-10-17
 * has variables; in 2008-10-17 the text is literal.
 */
import { lookupKey } from './context-keys.js';
import { LITERAL_QMARK, LITERAL_STAR, literalize } from './match.js';
import type { AuthzRequest } from './types.js';

interface VarRef { name: string; fallback?: string }

/** A string with variables, split into literal text and references. */
export interface Template { parts: Array<string | VarRef> }

/** `${*}` and friends stand for a literal character that would otherwise be special. */
const SPECIALS: ReadonlyMap<string, string> = new Map([
  ['*', LITERAL_STAR],
  ['?', LITERAL_QMARK],
  ['$', '$'],
]);

const VAR_BODY = /^\s*([A-Za-z0-9_.:/-]+)\s*(?:,\s*'([^']*)'\s*)?$/;

function parseRef(body: string): string | VarRef | undefined {
  const special = SPECIALS.get(body);
  if (special !== undefined) return special;
  const m = VAR_BODY.exec(body);
  if (!m) return undefined;
  const ref: VarRef = { name: (m[1] as string).toLowerCase() };
  if (m[2] !== undefined) ref.fallback = m[2];
  return ref;
}

/** Splits `raw` into a template, or returns undefined when it holds no variable. */
export function parseTemplate(raw: string): Template | undefined {
  if (!raw.includes('${')) return undefined;
  const parts: Array<string | VarRef> = [];
  let rest = raw;
  let hasRef = false;
  for (let at = rest.indexOf('${'); at >= 0; at = rest.indexOf('${')) {
    const end = rest.indexOf('}', at);
    if (end < 0) break;
    const ref = parseRef(rest.slice(at + 2, end));
    // Unrecognized `${…}` text stays literal, as AWS leaves it.
    parts.push(rest.slice(0, at));
    if (ref === undefined) parts.push(rest.slice(at, end + 1));
    else { parts.push(ref); hasRef = true; }
    rest = rest.slice(end + 1);
  }
  parts.push(rest);
  return hasRef ? { parts } : undefined;
}

/**
 * Substitutes the request's values; substituted text is literal (no wildcards). Undefined when a
 * variable has neither a value nor a default: the element then matches nothing.
 */
export function resolveTemplate(t: Template, req: AuthzRequest): string | undefined {
  let out = '';
  for (const part of t.parts) {
    if (typeof part === 'string') { out += part; continue; }
    const v = lookupKey(req, part.name);
    const text = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : part.fallback;
    if (text === undefined) return undefined;
    out += literalize(text);
  }
  return out;
}
