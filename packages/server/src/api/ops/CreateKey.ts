/** CreateKey: a new KMS key with fresh material (symmetric now; other specs as their work lands). */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { random, uuid } from '../../crypto/random.js';
import { canGenerate, generateMaterial } from '../../crypto/keygen.js';
import { keyArn } from '../../keys/arn.js';
import { defaultKeyPolicy } from '../../auth/policy/index.js';
import { KEY_SPECS } from '../../keys/key-specs.js';
import { keyMetadata } from '../../keys/metadata.js';
import { checkTags } from '../../keys/tags.js';
import { checkKeyPolicy } from '../../keys/policy-doc.js';
import { authorize } from '../../auth/authorize.js';

function chooseSpec(input: Record<string, any>): { spec: string; usage: string } {
  if (input.KeySpec && input.CustomerMasterKeySpec) fail('ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  const spec: string = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const info = KEY_SPECS[spec]!;
  const usage: string | undefined = input.KeyUsage ?? (spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : undefined);
  if (!usage) fail('ValidationException', `KeyUsage is required for KeySpec ${spec}.`);
  if (!info.usages.includes(usage as never)) fail('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`);
  if (!canGenerate(spec)) fail('UnsupportedOperationException', `KeySpec ${spec} is not supported by this Trent release yet.`);
  return { spec, usage };
}

export const op: Operation = {
  name: 'CreateKey',
  action: 'kms:CreateKey',
  async handler(ctx, call, input) {
    const { spec, usage } = chooseSpec(input);
    const origin: string = input.Origin ?? 'AWS_KMS';
    if (origin !== 'AWS_KMS') fail('UnsupportedOperationException', `Origin ${origin} is not supported by this Trent release yet.`);
    if (input.CustomKeyStoreId || input.XksKeyId) fail('CustomKeyStoreNotFoundException', 'Trent has no custom key stores.');
    if (input.MultiRegion) fail('UnsupportedOperationException', 'Multi-Region keys are not supported by Trent.');
    const accountId = call.principal.accountId;
    authorize(ctx, call, 'kms:CreateKey', undefined, { context: {
      'kms:KeySpec': spec, 'kms:KeyUsage': usage, 'kms:KeyOrigin': origin, 'kms:MultiRegion': input.MultiRegion === true,
      'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck === true,
      ...(input.Tags?.length ? { 'aws:TagKeys': input.Tags.map((t: { TagKey: string }) => t.TagKey) } : {}),
    } });
    const policy = input.Policy ? await checkKeyPolicy(ctx, call, input.Policy, input.BypassPolicyLockoutSafetyCheck === true, '*') : defaultKeyPolicy(accountId);
    const tags = checkTags(input.Tags);
    const id = uuid();
    const materialId = random(32).toString('hex');
    const material = generateMaterial(spec);
    const now = Date.now();
    const row = {
      id, account_id: accountId, region: call.region, arn: keyArn(call.region, accountId, id),
      description: input.Description ?? '', key_spec: spec, key_usage: usage, origin, state: 'Enabled',
      created_at: now, deletion_date: null, pending_window_days: null, policy, multi_region: 0,
      current_material_id: materialId, rotation_period_days: null, next_rotation_at: null, version: 1,
    };
    await ctx.store.transaction(async (tx) => {
      await tx.insertKey(row);
      const sealed = ctx.keyring.seal('key_materials', `${id}/${materialId}`, 'sealed', material);
      await tx.insertMaterial({ id: materialId, key_id: id, sealed, origin, created_at: now, rotation_type: null });
      await tx.putTags(id, tags);
    });
    material.fill(0);
    return { KeyMetadata: keyMetadata(row) };
  },
};
