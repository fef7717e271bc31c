/** DescribeKey: the KeyMetadata of a key named in any of the four KeyId forms. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { keyMetadata } from '../../keys/metadata.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'DescribeKey',
  action: 'kms:DescribeKey',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId);
    authorize(ctx, call, 'kms:DescribeKey', key);
    return { KeyMetadata: keyMetadata(key.row) };
  },
};
