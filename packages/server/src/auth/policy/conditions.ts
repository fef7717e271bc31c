/**
 * Condition blocks: operators × keys × values, compiled into closures. Operators and keys are ANDed,
 * the values of one key ORed (NORed for a negated operator). Set operators, `…IfExists` and Null
 * follow the IAM user guide's rules for a key that is missing from the request.
 */
import { isAbsent, lookupKey } from './context-keys.js';
import { OPERATORS, type OperatorDef, type Scalar } from './operators.js';
import { type Template, parseTemplate, resolveTemplate } from './variables.js';
import { type AuthzRequest, type ConditionBlock, type ContextValue, fail } from './types.js';

/** One compiled condition: true when it holds for the request. */
export type ConditionTest = (req: AuthzRequest) => boolean;

/** An operator name taken apart: `ForAnyValue:StringLikeIfExists` → set, base, ifExists. */
export interface OperatorName {
  set?: 'any' | 'all';
  ifExists: boolean;
  /** Undefined for Null. */
  def?: OperatorDef;
}

const SET_PREFIXES: ReadonlyMap<string, 'any' | 'all'> = new Map([
  ['foranyvalue', 'any'],
  ['forallvalues', 'all'],
]);
const IF_EXISTS = 'ifexists';

/** Parses an operator name, throwing PolicyError for one AWS does not define. */
export function parseOperatorName(name: string): OperatorName {
  let base = name.toLowerCase();
  let set: 'any' | 'all' | undefined;
  const colon = base.indexOf(':');
  if (colon >= 0) {
    set = SET_PREFIXES.get(base.slice(0, colon));
    if (!set) return unknown(name);
    base = base.slice(colon + 1);
  }
  if (base === 'null') return set ? unknown(name) : { ifExists: false };
  const ifExists = base.endsWith(IF_EXISTS) && OPERATORS.has(base.slice(0, -IF_EXISTS.length));
  const def = OPERATORS.get(ifExists ? base.slice(0, -IF_EXISTS.length) : base);
  if (!def) return unknown(name);
  return set ? { set, ifExists, def } : { ifExists, def };
}

function unknown(name: string): never {
  return fail(`Invalid condition operator '${name}'`);
}

/** Prepares one policy value now, or keeps it as a template to resolve per request. */
type Value = { ready: unknown } | { template: Template };

function prepareValue(def: OperatorDef, raw: string, variables: boolean, op: string): Value {
  const template = variables && def.variables ? parseTemplate(raw) : undefined;
  if (template) return { template };
  const ready = def.prepare(raw);
  if (ready === undefined) fail(`Invalid value '${raw}' for condition operator '${op}'`);
  return { ready };
}

/** Prepared policy values for this request; undefined when a variable cannot be resolved. */
function resolveValues(def: OperatorDef, values: Value[], req: AuthzRequest): unknown[] | undefined {
  const out: unknown[] = [];
  for (const v of values) {
    if ('ready' in v) { out.push(v.ready); continue; }
    const text = resolveTemplate(v.template, req);
    const prepared = text === undefined ? undefined : def.prepare(text);
    if (prepared === undefined) return undefined;
    out.push(prepared);
  }
  return out;
}

function anyMatch(def: OperatorDef, actual: Scalar, prepared: unknown[]): boolean {
  for (const p of prepared) if (def.test(actual, p)) return true;
  return false;
}

/** Applies a (non-Null) operator to a present value, with set-operator semantics. */
function applyOperator(op: OperatorName & { def: OperatorDef }, actual: ContextValue, prepared: unknown[]): boolean {
  const { def } = op;
  if (!Array.isArray(actual)) return anyMatch(def, actual, prepared) !== def.negated;
  // Each request value passes when it matches some policy value (or, negated, none).
  const pass = (a: string): boolean => anyMatch(def, a, prepared) !== def.negated;
  if (op.set === 'all') return actual.every(pass);
  if (op.set === 'any') return actual.some(pass);
  const some = actual.some((a) => anyMatch(def, a, prepared));
  return some !== def.negated;
}

function compileNull(key: string, raw: string[]): ConditionTest {
  const wantAbsent = raw.map((v) => v.toLowerCase() === 'true');
  return (req) => {
    const absent = isAbsent(lookupKey(req, key));
    return wantAbsent.some((w) => w === absent);
  };
}

function compileOne(opName: string, key: string, raw: string[], variables: boolean): ConditionTest {
  const op = parseOperatorName(opName);
  if (!op.def) return compileNull(key, raw);
  const def = op.def;
  const values = raw.map((r) => prepareValue(def, r, variables, opName));
  // A missing key: IfExists holds, ForAllValues holds, ForAnyValue fails, else only a negated operator holds.
  const whenAbsent = op.ifExists || op.set === 'all' || (op.set === undefined && def.negated);
  const allReady = values.every((v) => 'ready' in v);
  const fixed = allReady ? values.map((v) => (v as { ready: unknown }).ready) : undefined;
  const full = { ...op, def };
  return (req) => {
    const actual = lookupKey(req, key);
    if (isAbsent(actual)) return whenAbsent;
    const prepared = fixed ?? resolveValues(def, values, req);
    return prepared !== undefined && applyOperator(full, actual, prepared);
  };
}

/** Compiles a condition block into tests that must all hold. */
export function compileConditions(block: ConditionBlock, variables: boolean): ConditionTest[] {
  const tests: ConditionTest[] = [];
  for (const [opName, keys] of Object.entries(block)) {
    for (const [key, raw] of Object.entries(keys)) tests.push(compileOne(opName, key.toLowerCase(), raw, variables));
  }
  return tests;
}
