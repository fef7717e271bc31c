/**
 * Parses and validates a policy document (key, identity or trust policy) as AWS does before it
 * stores one: JSON, size, top-level elements, Version, then each statement (validate.ts).
 */
import { validateStatement } from './validate.js';
import { type ParsedPolicy, type PolicyKind, fail } from './types.js';

/** AWS's limit for a key policy document, in bytes. */
export const MAX_POLICY_BYTES = 32768;

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** KMS: printable ASCII and Latin-1 (through U+00FF), tab, line feed, carriage return. */
const KEY_POLICY_CHARS = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
/** Every kind: no control characters inside strings. */
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/** Checks every string of the decoded document (names and values), which JSON escapes could hide from a text check. */
function checkStrings(v: unknown, allowed: RegExp): void {
  if (typeof v === 'string') {
    if (!allowed.test(v)) fail('The policy contains characters that are not allowed.');
  } else if (Array.isArray(v)) {
    for (const x of v) checkStrings(x, allowed);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) { checkStrings(k, allowed); checkStrings(x, allowed); }
  }
}

function parseJson(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail('The policy is not valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('The policy must be a JSON object.');
  return doc as Record<string, unknown>;
}

function version(doc: Record<string, unknown>): ParsedPolicy['version'] {
  // A document without Version is read as 2008-10-17 (no policy variables), as IAM does.
  const v = doc['Version'] ?? '2008-10-17';
  if (typeof v !== 'string' || !VERSIONS.has(v)) fail(`The policy version '${String(v)}' is not supported.`);
  return v as ParsedPolicy['version'];
}

/**
 * Parses `text` as a policy of the given kind, throwing PolicyError (message suitable for
 * MalformedPolicyDocumentException) for anything AWS would refuse.
 */
export function parsePolicy(text: string, kind: PolicyKind): ParsedPolicy {
  if (typeof text !== 'string' || text.trim() === '') fail('The policy document is empty.');
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) fail(`The policy document exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  if (kind === 'key' && !KEY_POLICY_CHARS.test(text)) fail('The policy contains characters that are not allowed.');
  const doc = parseJson(text);
  checkStrings(doc, kind === 'key' ? KEY_POLICY_CHARS : NO_CONTROL);
  for (const k of Object.keys(doc)) if (!TOP_LEVEL.has(k)) fail(`The policy contains an unknown element '${k}'.`);
  if (!('Statement' in doc)) fail('The policy is missing the required element Statement.');
  const raw = doc['Statement'];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail('The policy must contain at least one statement.');
  const ver = version(doc);
  const statements = list.map((s) => validateStatement(s, kind));
  const sids = statements.map((s) => s.sid).filter((s): s is string => s !== undefined && s !== '');
  if (kind !== 'key' && new Set(sids).size !== sids.length) fail('Statement IDs (SID) in a single policy must be unique.');
  const out: ParsedPolicy = { kind, version: ver, statements };
  if ('Id' in doc) out.id = typeof doc['Id'] === 'string' ? doc['Id'] : fail('Id must be a string');
  return out;
}
