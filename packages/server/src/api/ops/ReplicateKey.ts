/**
 * ReplicateKey: a replica of a multi-Region primary key in another region this deployment serves,
 * with the same key id and materials and its own policy, description and tags. Trent makes the
 * replica at once, so it is never seen in the transient Creating state: Enabled (or PendingImport).
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { defaultKeyPolicy } from '../../auth/policy/index.js';
import { keyArn } from '../../keys/arn.js';
import { keyMetadata } from '../../keys/metadata.js';
import { keyIdOf } from '../../keys/multi-region.js';
import { checkKeyPolicy } from '../../keys/policy-doc.js';
import { replicateKey, requirePrimary } from '../../keys/replicate.js';
import { resolveKey } from '../../keys/resolve.js';
import { checkTags } from '../../keys/tags.js';

export const op: Operation = {
  name: 'ReplicateKey',
  action: 'kms:ReplicateKey',
  async handler(ctx, call, input) {
    const primary = await resolveKey(ctx, call, input.KeyId, false);
    const region: string = input.ReplicaRegion;
    authorize(ctx, call, 'kms:ReplicateKey', primary, { context: { 'kms:ReplicaRegion': region } });
    requirePrimary(primary.row);
    if (!ctx.config.regions.includes(region)) fail('UnsupportedOperationException', `Region ${region} is not a region this deployment serves (${ctx.config.regions.join(', ')}).`);
    const tags = checkTags(input.Tags);
    // AWS: kms:CreateKey (and kms:TagResource for Tags) in an IAM policy, evaluated in the replica's region.
    const there = { ...call, region };
    const replicaArn = keyArn(region, primary.row.account_id, keyIdOf(primary.row));
    const tagKeys = tags.length ? { 'aws:TagKeys': tags.map((t) => t.key) } : {};
    authorize(ctx, there, 'kms:CreateKey', undefined, { context: {
      'kms:KeySpec': primary.row.key_spec, 'kms:KeyUsage': primary.row.key_usage, 'kms:KeyOrigin': primary.row.origin,
      'kms:MultiRegion': true, 'kms:MultiRegionKeyType': 'REPLICA', 'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck === true, ...tagKeys,
    } });
    if (tags.length) authorize(ctx, there, 'kms:TagResource', undefined, { resource: replicaArn, context: tagKeys });
    const policy = input.Policy
      ? await checkKeyPolicy(ctx, there, input.Policy, input.BypassPolicyLockoutSafetyCheck === true, replicaArn)
      : defaultKeyPolicy(primary.row.account_id);
    const { replica, members } = await replicateKey(ctx, primary.row.id, { region, policy, description: input.Description ?? '', tags });
    return {
      ReplicaKeyMetadata: keyMetadata(replica, members),
      ReplicaPolicy: policy,
      ReplicaTags: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })),
    };
  },
};
