/** CreateKey: a new KMS key with fresh material of any KeySpec Trent can generate. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { random, uuid } from '../../crypto/random.js';
import { canGenerate, canImport, generateMaterialAsync } from '../../crypto/keygen.js';
import { keyArn } from '../../keys/arn.js';
import { defaultKeyPolicy } from '../../auth/policy/index.js';
import { KEY_SPECS } from '../../keys/key-specs.js';
import { materialRow, sealMaterial } from '../../keys/materials.js';
import { keyMetadata } from '../../keys/metadata.js';
import { checkTags } from '../../keys/tags.js';
import { checkKeyPolicy } from '../../keys/policy-doc.js';
import { authorize } from '../../auth/authorize.js';
import { noteKey } from '../../keys/resolve.js';

function chooseSpec(input: Record<string, any>, origin: string): { spec: string; usage: string } {
  if (input.KeySpec && input.CustomerMasterKeySpec) fail('ValidationException', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  const spec: string = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const info = KEY_SPECS[spec]!;
  // AWS defaults KeyUsage to ENCRYPT_DECRYPT whatever the spec; specs that cannot encrypt then need one.
  const usage: string = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (!info.usages.includes(usage as never)) fail('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`);
  // Trent serves no China Region; AWS refuses SM2 everywhere else.
  if (info.chinaOnly) fail('ValidationException', `KeySpec ${spec} is not supported in this region.`);
  if (!(origin === 'EXTERNAL' ? canImport(spec) : canGenerate(spec))) fail('UnsupportedOperationException', `KeySpec ${spec} is not supported by this Trent release yet.`);
  return { spec, usage };
}

export const op: Operation = {
  name: 'CreateKey',
  action: 'kms:CreateKey',
  async handler(ctx, call, input) {
    const origin: string = input.Origin ?? 'AWS_KMS';
    const { spec, usage } = chooseSpec(input, origin);
    // EXTERNAL keys start in PendingImport with no material until ImportKeyMaterial.
    if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') fail('UnsupportedOperationException', `Origin ${origin} is not supported by this Trent release yet.`);
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
    const external = origin === 'EXTERNAL';
    const id = uuid();
    const materialId = external ? null : random(32).toString('hex');
    // Generated off the event loop (RSA keys take long), before the transaction.
    const material = external ? undefined : await generateMaterialAsync(spec);
    const now = Date.now();
    const row = {
      id, account_id: accountId, region: call.region, arn: keyArn(call.region, accountId, id),
      description: input.Description ?? '', key_spec: spec, key_usage: usage, origin, state: external ? 'PendingImport' : 'Enabled',
      created_at: now, deletion_date: null, pending_window_days: null, policy, multi_region: 0,
      current_material_id: materialId, rotation_period_days: null, next_rotation_at: null, on_demand_rotations: 0,
      expiration_model: null, valid_to: null, version: 1,
    };
    try {
      await ctx.store.transaction(async (tx) => {
        await tx.insertKey(row);
        if (materialId && material) await tx.insertMaterial(materialRow(id, materialId, sealMaterial(ctx, id, materialId, material), origin, now));
        await tx.putTags(id, tags);
      });
    } finally { material?.fill(0); }
    noteKey(call, row.arn);
    return { KeyMetadata: keyMetadata(row) };
  },
};
