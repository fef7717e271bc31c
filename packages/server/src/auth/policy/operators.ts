/**
 * Condition operators as a descriptor table: how a policy value is prepared (once, at compile
 * time, or after variable substitution) and how a request value is tested against it. A negated
 * operator is its positive twin plus `negated`; conditions.ts applies the negation.
 */
import { type StringTest, arnMatcher, globMatcher, unliteralize } from './match.js';
import { type Cidr, cidrContains, parseCidr } from './ip.js';

/** One scalar request value. */
export type Scalar = string | number | boolean;

/** How one operator family prepares policy values and tests request values. */
export interface OperatorDef {
  /** True for StringNotEquals, NotIpAddress, …: true when no policy value matches. */
  negated: boolean;
  /** Whether policy variables are substituted in this operator's values. */
  variables: boolean;
  /** Prepared form of a policy value, or undefined when the value is malformed. */
  prepare(value: string): unknown;
  /** Positive test of one request value against one prepared policy value. */
  test(actual: Scalar, prepared: unknown): boolean;
}

type Cmp = (a: number, b: number) => boolean;
const EQ: Cmp = (a, b) => a === b;
const LT: Cmp = (a, b) => a < b;
const LE: Cmp = (a, b) => a <= b;
const GT: Cmp = (a, b) => a > b;
const GE: Cmp = (a, b) => a >= b;

function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Dates are ISO 8601 text or epoch seconds (number or digits), compared in milliseconds. */
export function toDate(v: Scalar): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

const str = (v: Scalar): string => (typeof v === 'string' ? v : String(v));

function numeric(cmp: Cmp, negated = false): OperatorDef {
  return { negated, variables: false, prepare: toNumber, test: (a, p) => { const n = toNumber(a); return n !== undefined && cmp(n, p as number); } };
}

function date(cmp: Cmp, negated = false): OperatorDef {
  return { negated, variables: false, prepare: toDate, test: (a, p) => { const d = toDate(a); return d !== undefined && cmp(d, p as number); } };
}

function equals(negated: boolean): OperatorDef {
  return { negated, variables: true, prepare: unliteralize, test: (a, p) => str(a) === p };
}

function equalsIgnoreCase(negated: boolean): OperatorDef {
  return { negated, variables: true, prepare: (v) => unliteralize(v).toLowerCase(), test: (a, p) => str(a).toLowerCase() === p };
}

function like(negated: boolean): OperatorDef {
  return { negated, variables: true, prepare: (v) => globMatcher(v, false), test: (a, p) => (p as StringTest)(str(a)) };
}

function arn(negated: boolean): OperatorDef {
  return { negated, variables: true, prepare: arnMatcher, test: (a, p) => (p as StringTest)(str(a)) };
}

function ip(negated: boolean): OperatorDef {
  return { negated, variables: false, prepare: parseCidr, test: (a, p) => cidrContains(p as Cidr, str(a)) };
}

const bool: OperatorDef = { negated: false, variables: false, prepare: (v) => v.toLowerCase(), test: (a, p) => str(a).toLowerCase() === p };
const binary: OperatorDef = { negated: false, variables: false, prepare: (v) => v, test: (a, p) => str(a) === p };

/** Every operator AWS defines except Null, by lowercased name (IfExists and set prefixes stripped). */
export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map([
  ['stringequals', equals(false)],
  ['stringnotequals', equals(true)],
  ['stringequalsignorecase', equalsIgnoreCase(false)],
  ['stringnotequalsignorecase', equalsIgnoreCase(true)],
  ['stringlike', like(false)],
  ['stringnotlike', like(true)],
  ['numericequals', numeric(EQ)],
  ['numericnotequals', numeric(EQ, true)],
  ['numericlessthan', numeric(LT)],
  ['numericlessthanequals', numeric(LE)],
  ['numericgreaterthan', numeric(GT)],
  ['numericgreaterthanequals', numeric(GE)],
  ['dateequals', date(EQ)],
  ['datenotequals', date(EQ, true)],
  ['datelessthan', date(LT)],
  ['datelessthanequals', date(LE)],
  ['dategreaterthan', date(GT)],
  ['dategreaterthanequals', date(GE)],
  ['bool', bool],
  ['binaryequals', binary],
  ['ipaddress', ip(false)],
  ['notipaddress', ip(true)],
  ['arnequals', arn(false)],
  ['arnlike', arn(false)],
  ['arnnotequals', arn(true)],
  ['arnnotlike', arn(true)],
]);
