/** TagResource: adds or replaces tags on a key. */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { requireState } from '../../keys/lifecycle.js';
import { resolveKey } from '../../keys/resolve.js';
import { MAX_TAGS, checkTags } from '../../keys/tags.js';

export const op: Operation = {
  name: 'TagResource',
  action: 'kms:TagResource',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    authorize(ctx, call, 'kms:TagResource', key);
    requireState('modify', key.row.state, key.row.arn);
    const tags = checkTags(input.Tags);
    await ctx.store.transaction(async (tx) => {
      await tx.putTags(key.row.id, tags);
      if ((await tx.listTags(key.row.id, undefined, MAX_TAGS + 1)).length > MAX_TAGS) fail('TagException', `A key can have at most ${MAX_TAGS} tags.`);
    });
    await ctx.bus.publish({ kind: 'key', id: key.row.id });
    return {};
  },
};
