/**
 * Compiles a parsed policy once into closures (principal, action, resource, conditions) so that
 * a hot call does no parsing and builds no regular expression; compiled policies are cached by
 * kind and text in a small LRU.
 */
import { compileConditions, type ConditionTest } from './conditions.js';
import { arnMatcher, globMatcher, type StringTest } from './match.js';
import { parsePolicy } from './parse.js';
import { compileNotPrincipal, compilePrincipal, type PrincipalTest } from './principals.js';
import { parseTemplate, resolveTemplate } from './variables.js';
import type { AuthzRequest, ParsedPolicy, ParsedStatement, PolicyKind } from './types.js';

/** A statement ready to evaluate. */
export interface CompiledStatement {
  effect: 'Allow' | 'Deny';
  /** Undefined in identity policies (the statement is about its holder). */
  principal?: PrincipalTest;
  /** Takes the action lowercased. */
  action: StringTest;
  resource: (req: AuthzRequest) => boolean;
  conditions: ConditionTest[];
}

/** A policy ready to evaluate; obtain one with compilePolicy. */
export interface CompiledPolicy {
  kind: PolicyKind;
  parsed: ParsedPolicy;
  statements: CompiledStatement[];
}

/** Actions compare case-insensitively: the caller passes the action lowercased; exact names in a set, others as globs. */
function compileActions(list: string[], negated: boolean): StringTest {
  const lower = list.map((a) => a.toLowerCase());
  const exact = new Set(lower.filter((a) => !/[*?]/.test(a)));
  const globs = lower.filter((a) => /[*?]/.test(a)).map((a) => globMatcher(a, false));
  const hit = (action: string): boolean => exact.has(action) || globs.some((g) => g(action));
  return negated ? (a) => !hit(a) : hit;
}

/** Resources compare case-sensitively, ARN part by ARN part; variables resolve per request. */
function compileResources(list: string[] | undefined, negated: boolean, variables: boolean): (req: AuthzRequest) => boolean {
  if (list === undefined || (!negated && list.includes('*'))) return () => true;
  const tests = list.map((r) => {
    const t = variables ? parseTemplate(r) : undefined;
    if (!t) return arnMatcher(r);
    return (resource: string, req: AuthzRequest) => {
      const resolved = resolveTemplate(t, req);
      return resolved !== undefined && arnMatcher(resolved)(resource);
    };
  });
  const hit = (req: AuthzRequest): boolean => tests.some((t) => t(req.resource, req));
  return negated ? (req) => !hit(req) : hit;
}

function compileStatement(s: ParsedStatement, variables: boolean): CompiledStatement {
  const out: CompiledStatement = {
    effect: s.effect,
    action: compileActions(s.action ?? s.notAction ?? [], s.action === undefined),
    resource: compileResources(s.resource ?? s.notResource, s.resource === undefined && s.notResource !== undefined, variables),
    conditions: s.condition ? compileConditions(s.condition, variables) : [],
  };
  if (s.principal) out.principal = compilePrincipal(s.principal);
  else if (s.notPrincipal) out.principal = compileNotPrincipal(s.notPrincipal);
  return out;
}

/** Compiles an already parsed policy (no caching). */
export function compileParsed(parsed: ParsedPolicy): CompiledPolicy {
  const variables = parsed.version === '2012-10-17';
  return { kind: parsed.kind, parsed, statements: parsed.statements.map((s) => compileStatement(s, variables)) };
}

const CACHE_LIMIT = 256;
/** One LRU per kind, keyed by the text itself (V8 caches a string's hash on the string). */
const caches: Record<PolicyKind, Map<string, CompiledPolicy>> = { key: new Map(), identity: new Map(), trust: new Map() };

/**
 * Parses, validates and compiles a policy text, reusing the compiled form for a text seen before.
 * Throws PolicyError as parsePolicy does.
 */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  const cache = caches[kind];
  const hit = cache.get(text);
  if (hit) {
    // Re-insert to mark as most recently used.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const compiled = compileParsed(parsePolicy(text, kind));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, compiled);
  return compiled;
}
