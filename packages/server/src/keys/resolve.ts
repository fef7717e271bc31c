/** Turns a KeyId parameter (id, key ARN, alias name, alias ARN) into a cached key, as AWS resolves it. */
import { fail } from '../api/errors.js';
import type { Call, Ctx } from '../context.js';
import { aliasArn, keyArn, parseKeyRef } from './arn.js';
import type { CachedKey } from './cache.js';

/** Resolves `value`; aliases only where the operation accepts them (`allowAlias`). */
export async function resolveKey(ctx: Ctx, call: Call, value: string, allowAlias = true): Promise<CachedKey> {
  const ref = parseKeyRef(value);
  if (ref.kind === 'invalid' || (ref.kind === 'alias' && !allowAlias)) fail('NotFoundException', `Invalid keyId '${value}'`);
  if (ref.region !== undefined && ref.region !== call.region) fail('NotFoundException', `Invalid arn ${value}: the key is not in region ${call.region}`);
  const accountId = ref.accountId ?? call.principal.accountId;
  let keyId: string;
  if (ref.kind === 'alias') {
    const target = await ctx.keys.alias(accountId, call.region, ref.name);
    if (!target) fail('NotFoundException', `Alias ${aliasArn(call.region, accountId, ref.name)} is not found.`);
    keyId = target;
    (call.aliases ??= new Map()).set(target, ref.name);
  } else keyId = ref.keyId;
  const key = await ctx.keys.get(keyId);
  if (!key || key.row.account_id !== accountId || key.row.region !== call.region) {
    fail('NotFoundException', `Key '${keyArn(call.region, accountId, keyId)}' does not exist`);
  }
  noteKey(call, key.row.arn);
  return key;
}

/** Records that the call used the key `arn` (the audit event's resources). */
export function noteKey(call: Call, arn: string): void {
  const r = (call.resources ??= []);
  if (!r.includes(arn)) r.push(arn);
}
