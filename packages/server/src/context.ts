/** What every operation is handed: configuration, store, keyring, caches, the invalidation bus, logger. */
import type { Logger } from 'pino';
import type { Identities } from './auth/identities.js';
import type { Principal } from './auth/principal.js';
import type { CompiledPolicy } from './auth/policy/index.js';
import type { Config } from './config.js';
import type { KeyCache } from './keys/cache.js';
import type { Keyring } from './root/keyring.js';
import type { Store } from './store/store.js';
import type { AuditLog } from './audit/writer.js';

/** A cache invalidation, sent to every worker (and, on PostgreSQL, every node) before a change is acknowledged. */
export type Invalidation = { kind: 'key'; id: string } | { kind: 'accessKey'; id: string } | { kind: 'iam' } | { kind: 'all' };

/** Delivers invalidations everywhere; `publish` resolves once every peer has applied it. */
export interface Bus {
  publish(msg: Invalidation): Promise<void>;
}

/** The server's long-lived parts. */
export interface Ctx {
  config: Config;
  store: Store;
  keyring: Keyring;
  keys: KeyCache;
  identities: Identities;
  bus: Bus;
  log: Logger;
  /** This process's audit chain (a no-op when TRENT_AUDIT=off). */
  audit: AuditLog;
}

/** One authenticated request. */
export interface Call {
  principal: Principal;
  /** The caller's identity policies (user and group inline policies, or the role's). */
  policies: CompiledPolicy[];
  /** Key id → the alias name the request used for it (kms:RequestAlias). */
  aliases?: Map<string, string>;
  /** ARNs of the keys the call named, opened or created (the audit event's resources). */
  resources?: string[];
  region: string;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  secure: boolean;
}

/** One operation: its name, the IAM action it needs, and its handler (input already validated). */
export interface Operation {
  name: string;
  action: string;
  handler(ctx: Ctx, call: Call, input: Record<string, any>): Promise<Record<string, unknown>>;
}

/** Applies an invalidation to this process's caches. */
export function applyInvalidation(ctx: Pick<Ctx, 'keys' | 'identities'>, msg: Invalidation): void {
  if (msg.kind === 'key') ctx.keys.invalidateKey(msg.id);
  else if (msg.kind === 'accessKey') ctx.identities.invalidate(msg.id);
  else if (msg.kind === 'iam') ctx.identities.clear();
  else { ctx.keys.clear(); ctx.identities.clear(); }
}
