/**
 * The pipeline's side of the audit log: a Trail gathers what is known about a call as it runs
 * (even when authentication fails half-way), and `recordCall` turns it into one event and waits for
 * its commit, before the reply is sent.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Principal } from '../auth/principal.js';
import type { Call, Ctx } from '../context.js';
import { uuid } from '../crypto/random.js';
import { auditEntry, type CallFacts, type Service } from './record.js';

/** What authentication learnt before it finished or failed. */
export interface Known { accessKeyId?: string; region?: string; principal?: Principal }

/** One call's audit facts, filled in by the pipeline as it goes. */
export interface Trail {
  service: Service;
  eventName: string;
  time: number;
  requestId: string;
  req: IncomingMessage;
  known: Known;
  /** The authenticated call (its principal, region and the keys it used). */
  call?: Call;
  /** Computes the safe request parameters (only when an event is written). */
  params?: () => Record<string, unknown> | null;
  /** Computes the safe response elements from the reply. */
  response?: () => Record<string, unknown> | null;
}

/** Starts the trail of a request. */
export function newTrail(req: IncomingMessage, requestId: string, service: Service, eventName: string): Trail {
  return { service, eventName, time: Date.now(), requestId, req, known: {} };
}

// The account that receives events of callers nobody knows: the deployment's first account (its admin's).
const homeAccounts = new WeakMap<Ctx, Promise<string>>();

function homeAccount(ctx: Ctx): Promise<string> {
  let p = homeAccounts.get(ctx);
  if (!p) {
    p = (async () => {
      const key = await ctx.store.getAccessKey((await ctx.store.getMeta('admin_access_key_id')) ?? '');
      return key?.account_id ?? '';
    })();
    p.catch(() => homeAccounts.delete(ctx));
    homeAccounts.set(ctx, p);
  }
  return p;
}

function tlsOf(req: IncomingMessage): { version: string; cipher: string; host: string } | undefined {
  const s = req.socket as Partial<TLSSocket>;
  if (!('encrypted' in s) || typeof s.getProtocol !== 'function') return undefined;
  return { version: s.getProtocol() ?? '', cipher: s.getCipher?.()?.standardName ?? '', host: req.headers.host ?? '' };
}

/** The accounts other than `accountId` that own a key among `arns` (each sees the call in its own log). */
function otherOwners(arns: readonly string[], accountId: string): string[] {
  const owners: string[] = [];
  for (const arn of arns) {
    const owner = arn.split(':')[4];
    if (owner && owner !== accountId && !owners.includes(owner)) owners.push(owner);
  }
  return owners;
}

/**
 * Writes the call's event and resolves once it is committed; rejects when the audit write failed.
 * A call on another account's key is recorded in the caller's account and in the key owner's, as
 * CloudTrail does, the copies tied by one sharedEventID.
 */
export async function recordCall(ctx: Ctx, t: Trail, error?: { code: string; message: string }): Promise<void> {
  if (!ctx.audit.enabled) return;
  const principal = t.call?.principal ?? t.known.principal;
  const accountId = principal?.accountId ?? await homeAccount(ctx);
  const facts: CallFacts = {
    service: t.service, eventName: t.eventName, time: t.time, requestId: t.requestId,
    region: t.call?.region ?? t.known.region ?? ctx.config.regions[0]!,
    sourceIp: t.req.socket.remoteAddress ?? '', userAgent: t.req.headers['user-agent'] ?? '',
    principal, accessKeyId: t.known.accessKeyId, accountId,
    requestParameters: t.params?.() ?? null,
    responseElements: error ? null : t.response?.() ?? null,
    resources: t.call?.resources ?? [],
    error, tls: tlsOf(t.req),
  };
  const owners = otherOwners(facts.resources, accountId);
  if (owners.length === 0) return ctx.audit.append(auditEntry(facts));
  const sharedEventId = uuid();
  await Promise.all([accountId, ...owners].map((a) => ctx.audit.append(auditEntry({ ...facts, accountId: a, sharedEventId }))));
}
