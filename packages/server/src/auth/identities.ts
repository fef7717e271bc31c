/**
 * Access keys and the principals behind them. Secrets are stored sealed (AAD = access_keys row);
 * verified lookups are cached in memory so SigV4 costs no store read on the hot path.
 */
import { fail } from '../api/errors.js';
import type { Keyring } from '../root/keyring.js';
import type { Store } from '../store/store.js';
import type { Principal } from './principal.js';
import { forgetSigningKeys } from './sigv4.js';

interface Identity { secret: string; principal: Principal; loadedAt: number }

/** Resolves access key ids to their secret and principal. */
export class Identities {
  private readonly cache = new Map<string, Identity>();
  constructor(private readonly store: Store, private readonly keyring: Keyring, private readonly ttlMs = 60_000) {}

  /** The secret and principal of an active access key; UnrecognizedClientException otherwise. */
  async lookup(accessKeyId: string): Promise<Identity> {
    const hit = this.cache.get(accessKeyId);
    if (hit && Date.now() - hit.loadedAt < this.ttlMs) return hit;
    const key = /^[A-Z0-9]{16,128}$/.test(accessKeyId) ? await this.store.getAccessKey(accessKeyId) : undefined;
    const user = key && key.status === 'Active' ? await this.store.getUser(key.user_id) : undefined;
    if (!key || !user) fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
    const secret = this.keyring.unseal('access_keys', key.id, 'secret_sealed', key.secret_sealed).toString('utf8');
    const principal: Principal = {
      arn: user.arn, accountId: user.account_id, type: 'IAMUser', userId: user.id, userName: user.name, accessKeyId,
    };
    const entry = { secret, principal, loadedAt: Date.now() };
    this.cache.set(accessKeyId, entry);
    return entry;
  }

  /** Drops a cached access key (status change, deletion). */
  invalidate(accessKeyId: string): void {
    this.cache.delete(accessKeyId);
    forgetSigningKeys(accessKeyId);
  }

  clear(): void {
    for (const id of [...this.cache.keys()]) this.invalidate(id);
  }
}
