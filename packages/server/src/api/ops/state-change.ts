/** The shared shape of operations that only move a key between states or edit one field. */
import type { Call, Ctx, Operation } from '../../context.js';
import { authorize, type AuthzExtras } from '../../auth/authorize.js';
import { changeKey } from '../../keys/mutate.js';
import { resolveKey } from '../../keys/resolve.js';
import type { KeyRow } from '../../store/store.js';

type Patch = Partial<Omit<KeyRow, 'id' | 'version'>>;

/**
 * Builds an operation that checks its input (`validate`), resolves a key id/ARN, authorizes (with
 * the request's condition keys from `extras`), then applies `decide` atomically.
 */
export function keyChangeOp(
  name: string,
  decide: (row: KeyRow, input: Record<string, any>) => Patch,
  reply: (row: KeyRow) => Record<string, unknown> = () => ({}),
  validate: (input: Record<string, any>) => void = () => {},
  extras: (input: Record<string, any>) => AuthzExtras = () => ({}),
): Operation {
  return {
    name,
    action: `kms:${name}`,
    async handler(ctx: Ctx, call: Call, input: Record<string, any>) {
      validate(input);
      const key = await resolveKey(ctx, call, input.KeyId, false);
      authorize(ctx, call, `kms:${name}`, key, extras(input));
      const row = await changeKey(ctx, key.row.id, (r) => decide(r, input));
      return reply(row);
    },
  };
}
