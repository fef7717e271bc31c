/** The condition-key context of one authorization: global keys, the key's own keys, and the request's. */
import type { Call } from '../context.js';
import type { CachedKey } from '../keys/cache.js';
import { encryptionContextEntries, type ContextValue, type RequestContext } from './policy/index.js';

/** Request-specific condition keys an operation adds (names as AWS spells them; lowercased here). */
export interface AuthzExtras {
  encryptionContext?: Readonly<Record<string, string>>;
  context?: Record<string, ContextValue | undefined>;
  /** Resource ARN when the action is not on a key (an alias, or '*'). */
  resource?: string;
}

/** Builds the lowercased condition-key map the policy engine reads. */
export function requestContext(call: Call, key: CachedKey | undefined, extras: AuthzExtras): RequestContext {
  const now = Date.now();
  const m: RequestContext = new Map<string, ContextValue>([
    ['aws:sourceip', call.sourceIp.replace(/^::ffff:/, '')],
    ['aws:currenttime', new Date(now).toISOString()],
    ['aws:epochtime', Math.floor(now / 1000)],
    ['aws:securetransport', call.secure],
    ['aws:requestedregion', call.region],
  ]);
  if (key) {
    m.set('kms:keyspec', key.row.key_spec);
    m.set('kms:keyusage', key.row.key_usage);
    m.set('kms:keyorigin', key.row.origin);
    m.set('kms:resourcealiases', key.aliases);
    m.set('kms:multiregion', key.row.multi_region === 1);
    for (const [k, v] of Object.entries(key.tags)) m.set(`aws:resourcetag/${k.toLowerCase()}`, v);
    const alias = call.aliases?.get(key.row.id);
    if (alias) m.set('kms:requestalias', alias);
  }
  if (extras.encryptionContext) for (const [k, v] of encryptionContextEntries(extras.encryptionContext)) m.set(k, v);
  for (const [k, v] of Object.entries(extras.context ?? {})) if (v !== undefined) m.set(k.toLowerCase(), v);
  return m;
}
