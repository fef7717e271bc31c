/** UntagResource: removes tags by key. */
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';

export const op: Operation = {
  name: 'UntagResource',
  action: 'kms:UntagResource',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:UntagResource', key);
    requireState('modify', key.row.state, key.row.arn);
    await ctx.store.deleteTags(key.row.id, input.TagKeys);
    await ctx.bus.publish({ kind: 'key', id: key.row.id });
    return {};
  },
};
