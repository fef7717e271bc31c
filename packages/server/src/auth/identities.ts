/**
 * Access keys (AKIA…, IAM users) and STS session credentials (ASIA…, assumed roles): the secret to
 * verify SigV4 with, the principal, and its compiled identity policies. Secrets are stored sealed;
 * lookups are cached so SigV4 and authorization cost no store read on the hot path.
 */
import { fail } from '../api/errors.js';
import { safeEqual, sha256 } from '../crypto/aead.js';
import type { Keyring } from '../root/keyring.js';
import type { Store } from '../store/store.js';
import { compilePolicy, type CompiledPolicy } from './policy/index.js';
import type { Principal } from './principal.js';
import { forgetSigningKeys } from './sigv4.js';

/** A verified-credential's worth of facts. */
export interface Identity {
  secret: string;
  principal: Principal;
  policies: CompiledPolicy[];
  /** sha256 of the session token, for STS credentials. */
  tokenHash?: Buffer;
  expiresAt?: number;
  loadedAt: number;
}

const INVALID = 'The security token included in the request is invalid.';

/** Resolves access key ids to their secret, principal and identity policies. */
export class Identities {
  private readonly cache = new Map<string, Identity>();
  constructor(private readonly store: Store, private readonly keyring: Keyring, public ttlMs = 60_000) {}

  /** The identity behind an access key; UnrecognizedClientException / ExpiredTokenException otherwise. */
  async lookup(accessKeyId: string, sessionToken: string | undefined): Promise<Identity> {
    let id = this.cache.get(accessKeyId);
    if (!id || Date.now() - id.loadedAt >= this.ttlMs) {
      id = accessKeyId.startsWith('ASIA') ? await this.loadSession(accessKeyId) : await this.loadUserKey(accessKeyId);
      this.cache.set(accessKeyId, id);
    }
    if (id.tokenHash) {
      if (!sessionToken || !safeEqual(sha256(sessionToken), id.tokenHash)) fail('UnrecognizedClientException', INVALID);
      if (Date.now() >= id.expiresAt!) fail('ExpiredTokenException', 'The security token included in the request is expired');
    }
    return id;
  }

  private async loadUserKey(accessKeyId: string): Promise<Identity> {
    const key = /^[A-Z0-9]{16,128}$/.test(accessKeyId) ? await this.store.getAccessKey(accessKeyId) : undefined;
    const user = key && key.status === 'Active' ? await this.store.getUser(key.user_id) : undefined;
    if (!key || !user) return fail('UnrecognizedClientException', INVALID);
    const docs = (await this.store.iam.listPolicies('user_policies', user.id)).map((p) => p.document);
    for (const g of await this.store.iam.groupsOfUser(user.id)) {
      docs.push(...(await this.store.iam.listPolicies('group_policies', g.id)).map((p) => p.document));
    }
    return {
      secret: this.keyring.unseal('access_keys', key.id, 'secret_sealed', key.secret_sealed).toString('utf8'),
      principal: { arn: user.arn, accountId: user.account_id, type: 'IAMUser', userId: user.id, userName: user.name, accessKeyId, tags: await this.store.iam.tagsOf(user.id) },
      policies: docs.map((d) => compilePolicy(d, 'identity')),
      loadedAt: Date.now(),
    };
  }

  private async loadSession(accessKeyId: string): Promise<Identity> {
    const s = await this.store.iam.session(accessKeyId);
    const role = s ? await this.store.iam.roleById(s.role_id) : undefined;
    if (!s || !role) return fail('UnrecognizedClientException', INVALID);
    const docs = (await this.store.iam.listPolicies('role_policies', role.id)).map((p) => p.document);
    return {
      secret: this.keyring.unseal('sessions', s.access_key_id, 'secret_sealed', s.secret_sealed).toString('utf8'),
      principal: {
        arn: `arn:aws:sts::${role.account_id}:assumed-role/${role.name}/${s.session_name}`, accountId: role.account_id,
        type: 'AssumedRole', userId: `${role.id}:${s.session_name}`, roleArn: role.arn, accessKeyId, tags: await this.store.iam.tagsOf(role.id),
      },
      policies: docs.map((d) => compilePolicy(d, 'identity')),
      tokenHash: Buffer.from(s.token_hash, 'hex'),
      expiresAt: s.expires_at,
      loadedAt: Date.now(),
    };
  }

  /** Drops a cached access key (status change, deletion). */
  invalidate(accessKeyId: string): void {
    this.cache.delete(accessKeyId);
    forgetSigningKeys(accessKeyId);
  }

  /** Drops everything (any IAM change: policies, groups, tags). */
  clear(): void {
    for (const id of [...this.cache.keys()]) this.invalidate(id);
  }
}
