/**
 * Validation of one statement: element names and types, Effect, Principal rules per document kind,
 * action and resource syntax, condition operators and values. Throws PolicyError.
 */
import { parseOperatorName } from './conditions.js';
import { parsePrincipal } from './principals.js';
import { type ConditionBlock, type ParsedStatement, type PolicyKind, fail } from './types.js';

const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const ACTION = /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/;
const RESOURCE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/;
const CONDITION_KEY = /^[a-zA-Z0-9-]+:.+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string or non-empty list of strings, as Action and Resource take. */
function stringList(v: unknown, element: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) fail(`${element} must not be empty`);
  if (!list.every((x): x is string => typeof x === 'string' && x !== '')) fail(`${element} must be a string or a list of strings`);
  return list;
}

function actions(v: unknown, element: string): string[] {
  const list = stringList(v, element);
  for (const a of list) if (a !== '*' && !ACTION.test(a)) fail(`Invalid action '${a}': actions must be '*' or '<service>:<name>'`);
  return list;
}

function resources(v: unknown, element: string): string[] {
  const list = stringList(v, element);
  for (const r of list) if (r !== '*' && !RESOURCE.test(r)) fail(`Invalid resource '${r}': resources must be '*' or an ARN`);
  return list;
}

/** Condition values are strings, numbers or booleans (or lists of them), kept as strings. */
function conditionValues(v: unknown, where: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) fail(`Condition ${where} has no values`);
  return list.map((x) => {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return String(x);
    return fail(`Condition ${where} has a value that is not a string, number or boolean`);
  });
}

/** Keys KMS refuses under ForAllValues in a key policy (single-valued; AWS: OverlyPermissiveCondition). */
const SINGLE_VALUED_PREFIXES = ['kms:encryptioncontext:', 'aws:requesttag/'];

/** Validates one operator's keys and values; returns them as strings. */
function conditionEntry(op: string, keys: unknown, kind: PolicyKind): Record<string, string[]> {
  const parsed = parseOperatorName(op);
  if (!isObject(keys) || Object.keys(keys).length === 0) fail(`Condition operator '${op}' must map condition keys to values`);
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(keys)) {
    if (!CONDITION_KEY.test(key)) fail(`Invalid condition key '${key}'`);
    const list = conditionValues(values, `${op}/${key}`);
    if (!parsed.def && !list.every((x) => /^(true|false)$/i.test(x))) fail(`Null condition values must be 'true' or 'false'`);
    // Numbers, dates and CIDR blocks take no variables, so a bad one is bad for good.
    const def = parsed.def;
    const bad = def && !def.variables ? list.find((x) => def.prepare(x) === undefined) : undefined;
    if (bad !== undefined) fail(`Invalid value '${bad}' for condition operator '${op}'`);
    if (kind === 'key' && parsed.set === 'all' && SINGLE_VALUED_PREFIXES.some((p) => key.toLowerCase().startsWith(p))) {
      fail(`OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key (${key}) matches requests without it. To fix, remove ForAllValues.`);
    }
    out[key] = list;
  }
  return out;
}

function condition(v: unknown, kind: PolicyKind): ConditionBlock {
  if (!isObject(v)) fail('Condition must be an object');
  const block: ConditionBlock = {};
  for (const [op, keys] of Object.entries(v)) block[op] = conditionEntry(op, keys, kind);
  return block;
}

/** Checks that exactly one of a pair (Action/NotAction, …) is present, or at most one when optional. */
function onlyOne(s: Record<string, unknown>, a: string, b: string, required: boolean): void {
  if (a in s && b in s) fail(`Statement cannot contain both ${a} and ${b}`);
  if (required && !(a in s) && !(b in s)) fail(`Statement must contain ${a} or ${b}`);
}

function principals(s: Record<string, unknown>, out: ParsedStatement, kind: PolicyKind): void {
  const has = 'Principal' in s || 'NotPrincipal' in s;
  if (kind === 'identity' && has) fail('Policy document should not specify a principal.');
  if (kind !== 'identity') onlyOne(s, 'Principal', 'NotPrincipal', true);
  if (kind === 'trust' && 'NotPrincipal' in s) fail('NotPrincipal is not allowed in a trust policy');
  if ('NotPrincipal' in s && out.effect !== 'Deny') fail('NotPrincipal must be used with "Effect": "Deny"');
  if ('Principal' in s) out.principal = parsePrincipal(s['Principal']);
  if ('NotPrincipal' in s) out.notPrincipal = parsePrincipal(s['NotPrincipal']);
}

/** Validates one statement object and returns its parsed form. */
export function validateStatement(s: unknown, kind: PolicyKind): ParsedStatement {
  if (!isObject(s)) fail('Each statement must be an object');
  if (Object.keys(s).length === 0) fail('Statement must not be empty');
  for (const k of Object.keys(s)) if (!STATEMENT_ELEMENTS.has(k)) fail(`Statement contains an unknown element '${k}'`);
  const effect = s['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') fail(`Effect must be "Allow" or "Deny"`);
  const out: ParsedStatement = { effect };
  if ('Sid' in s) out.sid = typeof s['Sid'] === 'string' ? s['Sid'] : fail('Sid must be a string');
  principals(s, out, kind);
  onlyOne(s, 'Action', 'NotAction', true);
  if ('Action' in s) out.action = actions(s['Action'], 'Action');
  if ('NotAction' in s) out.notAction = actions(s['NotAction'], 'NotAction');
  if (kind === 'trust' && ('Resource' in s || 'NotResource' in s)) fail('Has prohibited field Resource');
  onlyOne(s, 'Resource', 'NotResource', kind !== 'trust');
  if ('Resource' in s) out.resource = resources(s['Resource'], 'Resource');
  if ('NotResource' in s) out.notResource = resources(s['NotResource'], 'NotResource');
  if ('Condition' in s) out.condition = condition(s['Condition'], kind);
  return out;
}
