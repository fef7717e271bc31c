/**
 * Wildcard matching for actions, resources, ARNs and StringLike: `*` any run, `?` one character.
 * Patterns are compiled once and cached; a resolved policy variable may carry a literal `*` or `?`
 * (from `${*}`, `${?}` or a value), marked with private sentinels so it never acts as a wildcard.
 */

/** Stands for a literal `*` inside a pattern. */
export const LITERAL_STAR = '\u0000';
/** Stands for a literal `?` inside a pattern. */
export const LITERAL_QMARK = '\u0001';

/** A compiled test of one string. */
export type StringTest = (s: string) => boolean;

const always: StringTest = () => true;
const cache = new Map<string, StringTest>();
const CACHE_LIMIT = 2000;

/** Marks every `*` and `?` of `s` as literal (for values substituted into a pattern). */
export function literalize(s: string): string {
  return s.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QMARK);
}

/** Turns sentinels back into plain characters (for operators without wildcards). */
export function unliteralize(s: string): string {
  return s.replace(/\u0000/g, '*').replace(/\u0001/g, '?');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+^${}()|[\]\\/*?-]/g, '\\$&');
}

/** Regular-expression source of a glob pattern, sentinels matched literally; `any` is what `*`/`?` may span. */
function globSource(pattern: string, any = '.'): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += any + '*';
    else if (ch === '?') out += any;
    else if (ch === LITERAL_STAR) out += '\\*';
    else if (ch === LITERAL_QMARK) out += '\\?';
    else out += escapeRegExp(ch);
  }
  return out;
}

function buildGlob(pattern: string, ignoreCase: boolean): StringTest {
  if (pattern === '*') return always;
  const hasWild = pattern.includes('*') || pattern.includes('?');
  if (!hasWild) {
    const plain = unliteralize(pattern);
    if (!ignoreCase) return (s) => s === plain;
    const lower = plain.toLowerCase();
    return (s) => s.length === lower.length && s.toLowerCase() === lower;
  }
  const re = new RegExp(`^${globSource(pattern)}$`, ignoreCase ? 'is' : 's');
  return (s) => re.test(s);
}

/** Returns a (cached) test of whole strings against a glob; case-insensitive on request. */
export function globMatcher(pattern: string, ignoreCase: boolean): StringTest {
  const key = (ignoreCase ? 'i' : 's') + pattern;
  let t = cache.get(key);
  if (t) return t;
  t = buildGlob(pattern, ignoreCase);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, t);
  return t;
}

/** Splits an ARN into its six parts (the last keeps any further colons), or undefined. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Returns a (cached) ARN matcher: each of the six colon-separated parts is matched on its own,
 * case-sensitively, as AWS's ArnLike and Resource matching do. A pattern with fewer than six
 * parts (`"*"`, `"arn:aws:kms:*"`) is matched as a plain glob over the whole string.
 */
export function arnMatcher(pattern: string): StringTest {
  const key = 'a' + pattern;
  let t = cache.get(key);
  if (t) return t;
  t = buildArn(pattern);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, t);
  return t;
}

function buildArn(pattern: string): StringTest {
  const parts = splitArn(pattern);
  if (!parts || (!pattern.includes('*') && !pattern.includes('?'))) return globMatcher(pattern, false);
  // One regex: wildcards in the first five parts cannot cross a colon, in the resource part they can.
  const head = parts.slice(0, 5).map((p) => globSource(p, '[^:]'));
  const re = new RegExp(`^${head.join(':')}:${globSource(parts[5] as string)}$`, 's');
  return (s) => re.test(s);
}
