/**
 * The condition-key context of one authorization: global keys, the key's own keys, and the
 * request's. Most policies read none of them, so values are computed only when a condition asks.
 */
import type { Call } from '../context.js';
import type { CachedKey } from '../keys/cache.js';
import { multiRegionKeyType } from '../keys/multi-region.js';
import { encryptionContextEntries, type ContextValue } from './policy/index.js';

/** Request-specific condition keys an operation adds (names as AWS spells them; lowercased here). */
export interface AuthzExtras {
  encryptionContext?: Readonly<Record<string, string>>;
  context?: Record<string, ContextValue | undefined>;
  /** Resource ARN when the action is not on a key (an alias, or '*'). */
  resource?: string;
}

interface Source { call: Call; key: CachedKey | undefined; extras: AuthzExtras }
type Getter = (s: Source) => ContextValue | undefined;

/** Keys computed on demand, by lowercased name. */
const GETTERS: ReadonlyMap<string, Getter> = new Map<string, Getter>([
  ['aws:sourceip', (s) => s.call.sourceIp.replace(/^::ffff:/, '')],
  ['aws:currenttime', () => new Date().toISOString()],
  ['aws:epochtime', () => Math.floor(Date.now() / 1000)],
  ['aws:securetransport', (s) => s.call.secure],
  ['aws:requestedregion', (s) => s.call.region],
  ['kms:keyspec', (s) => s.key?.row.key_spec],
  ['kms:keyusage', (s) => s.key?.row.key_usage],
  ['kms:keyorigin', (s) => s.key?.row.origin],
  ['kms:resourcealiases', (s) => s.key?.aliases],
  ['kms:multiregion', (s) => (s.key ? s.key.row.multi_region === 1 : undefined)],
  ['kms:multiregionkeytype', (s) => (s.key ? multiRegionKeyType(s.key.row) : undefined)],
  ['kms:requestalias', (s) => (s.key ? s.call.aliases?.get(s.key.row.id) : undefined)],
]);

const RESOURCE_TAG = 'aws:resourcetag/';

/** A Map whose entries beyond the operation's own are filled in the first time they are read. */
class LazyContext extends Map<string, ContextValue> {
  private ecDone = false;
  constructor(private readonly src: Source) { super(); }

  override get(name: string): ContextValue | undefined {
    if (super.has(name)) return super.get(name);
    if (!this.ecDone && name.startsWith('kms:encryptioncontext')) {
      this.ecDone = true;
      if (this.src.extras.encryptionContext) for (const [k, v] of encryptionContextEntries(this.src.extras.encryptionContext)) super.set(k, v);
      return super.get(name);
    }
    const v = GETTERS.get(name)?.(this.src) ?? (name.startsWith(RESOURCE_TAG) ? this.tag(name.slice(RESOURCE_TAG.length)) : undefined);
    if (v !== undefined) super.set(name, v);
    return v;
  }

  private tag(lowerKey: string): string | undefined {
    for (const [k, v] of Object.entries(this.src.key?.tags ?? {})) if (k.toLowerCase() === lowerKey) return v;
    return undefined;
  }
}

/** Builds the lowercased condition-key map the policy engine reads. */
export function requestContext(call: Call, key: CachedKey | undefined, extras: AuthzExtras): Map<string, ContextValue> {
  const m = new LazyContext({ call, key, extras });
  for (const [k, v] of Object.entries(extras.context ?? {})) if (v !== undefined) m.set(k.toLowerCase(), v);
  return m;
}
