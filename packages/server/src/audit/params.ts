/**
 * What of a request and its response an audit event may show, as one rule (docs/audit.md, "Event
 * format"): member names in CloudTrail's camelCase; every blob, every member whose shape carries the
 * model's `sensitive` trait, and every member named like a token, password, secret or credential
 * is left out. KMS values are walked along the service model (a plan compiled once per shape); IAM
 * and STS values, which have no model here, along their own structure under the same name rule.
 */
import { shape } from '../api/model.js';

/** Member names never shown, whatever their shape (grant and import tokens, secrets, passwords, credentials). */
const SECRET_NAME = /Token|Password|Secret|Credential/;

type Plan = (v: unknown) => unknown;
const plans = new Map<string, Plan | null>();

/** CloudTrail's member naming: the first letter lower-cased (KeyId → keyId, AWSAccountId → aWSAccountId). */
export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as CloudTrail writes it inside request and response elements: "Jan 4, 2022, 1:04:00 PM" (UTC). */
export function cloudTrailDate(d: Date): string {
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

function timestamp(v: unknown): unknown {
  if (v instanceof Date) return cloudTrailDate(v);
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e11) return cloudTrailDate(new Date(v * 1000));
  return typeof v === 'string' ? v : undefined;
}

function structurePlan(members: Record<string, string>): Plan {
  const kept: [string, string, Plan][] = [];
  for (const [name, shapeName] of Object.entries(members)) {
    const p = SECRET_NAME.test(name) ? null : planFor(shapeName);
    if (p) kept.push([name, camel(name), p]);
  }
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, as, p] of kept) {
      const x = (v as Record<string, unknown>)[name];
      const y = x === undefined ? undefined : p(x);
      if (y !== undefined) out[as] = y;
    }
    return out;
  };
}

function compile(name: string): Plan | null {
  const s = shape(name);
  if (s.sensitive || s.type === 'blob') return null;
  switch (s.type) {
    case 'structure': return structurePlan(s.members ?? {});
    case 'list': {
      const p = planFor(s.member!);
      return p && ((v) => (Array.isArray(v) ? v.map(p) : undefined));
    }
    case 'map': {
      const p = planFor(s.value!);
      return p && ((v) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = p(x);
        return out;
      });
    }
    case 'timestamp': return timestamp;
    // A value of the wrong JSON type (refused by validation) is left out: only the model's depth is ever walked.
    default: return (v) => (v !== null && typeof v === 'object' ? undefined : v);
  }
}

/** The plan for a KMS shape: null when nothing of it may be shown. */
function planFor(name: string): Plan | null {
  if (!plans.has(name)) {
    plans.set(name, (v) => plans.get(name)?.(v)); // a placeholder, should a shape ever refer to itself
    plans.set(name, compile(name));
  }
  return plans.get(name)!;
}

/** The safe view of a KMS value of shape `shapeName` (an operation's input or output), or null. */
export function safeKmsValue(shapeName: string | undefined, value: unknown): Record<string, unknown> | null {
  if (!shapeName || value === null || typeof value !== 'object') return null;
  const p = planFor(shapeName);
  return p ? (p(value) as Record<string, unknown>) : null;
}

/** The safe view of an IAM or STS value: the same rule, walking the value itself. */
export function safeQueryValue(v: unknown): unknown {
  if (v instanceof Date) return cloudTrailDate(v);
  if (Buffer.isBuffer(v)) return undefined;
  if (Array.isArray(v)) return v.map(safeQueryValue);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (SECRET_NAME.test(k)) continue;
    const y = safeQueryValue(x);
    if (y !== undefined) out[camel(k)] = y;
  }
  return out;
}

/** The safe view of a Query request's form fields (Action and Version are the event's name, not parameters). */
export function safeQueryParams(p: URLSearchParams): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of p) if (k !== 'Action' && k !== 'Version' && !SECRET_NAME.test(k)) out[camel(k)] = v;
  return Object.keys(out).length ? out : null;
}
