/**
 * GetKeyLastUsage: the key's last successful cryptographic operation, read from the audit log (the
 * newest successful tracked event of the key's account naming it), so the hot path writes nothing
 * beyond its audit event. Tracking starts with the audit log, or at the key's creation if later.
 */
import { fail } from '../errors.js';
import type { Operation } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { resolveKey } from '../../keys/resolve.js';
import { findEvents, hasResource } from '../../audit/lookup.js';
import { TRACKED_OPERATIONS } from '../../audit/record.js';

export const op: Operation = {
  name: 'GetKeyLastUsage',
  action: 'kms:GetKeyLastUsage',
  async handler(ctx, call, input) {
    const key = await resolveKey(ctx, call, input.KeyId, false);
    // Not a cross-account operation: another account's key is not found from here.
    if (key.row.account_id !== call.principal.accountId) fail('NotFoundException', `Key '${key.row.arn}' does not exist`);
    authorize(ctx, call, 'kms:GetKeyLastUsage', key);
    const arn = key.row.arn;
    const logStart = ctx.audit.enabled ? await ctx.store.audit.firstChainStart() : undefined;
    const [last] = logStart === undefined ? [] : await findEvents(ctx.store, {
      accountId: key.row.account_id, succeededAs: TRACKED_OPERATIONS, resourcesLike: `"name":${JSON.stringify(arn)}`,
      startTime: key.row.created_at, limit: 200,
    }, (r) => hasResource(r, 'name', arn), 1);
    return {
      KeyId: arn,
      KeyCreationDate: new Date(key.row.created_at),
      TrackingStartDate: new Date(Math.max(logStart ?? Date.now(), key.row.created_at)),
      ...(last ? { KeyLastUsage: { Operation: last.event_name, Timestamp: new Date(last.event_time), CloudTrailEventId: last.event_id, KmsRequestId: (JSON.parse(last.record) as { requestID: string }).requestID } } : {}),
    };
  },
};
