/**
 * CloudTrail on Trent's endpoint (JSON 1.1, `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.
 * CloudTrail_20131101.<Op>`, SigV4 service `cloudtrail`): LookupEvents over the audit log of the
 * Region the call is signed for, allowed by the caller's identity policies (`cloudtrail:LookupEvents`).
 */
import type { Operation } from '../context.js';
import { authorize } from '../auth/authorize.js';
import { lookupEvents, parseLookup } from '../audit/lookup.js';

/** The X-Amz-Target prefix of CloudTrail's operations. */
export const CLOUDTRAIL_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

const LookupEvents: Operation = {
  name: 'LookupEvents',
  action: 'cloudtrail:LookupEvents',
  async handler(ctx, call, input) {
    authorize(ctx, call, 'cloudtrail:LookupEvents', undefined, { resource: '*' });
    const l = parseLookup(input, call.region);
    return lookupEvents(ctx.store, call.principal.accountId, call.region, l, input.EventCategory === 'insight');
  },
};

/** CloudTrail operations by name. */
export const CLOUDTRAIL_OPERATIONS: ReadonlyMap<string, Operation> = new Map([[LookupEvents.name, LookupEvents]]);

/** The safe request parameters of a CloudTrail call: its lookup, in CloudTrail's camelCase (nothing in it is secret). */
export function cloudTrailParams(raw: unknown): Record<string, unknown> | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const attrs = Array.isArray(r.LookupAttributes)
    ? r.LookupAttributes.slice(0, 5).map((a: unknown) => {
      const { AttributeKey: k, AttributeValue: v } = (a ?? {}) as Record<string, unknown>;
      return { attributeKey: typeof k === 'string' ? k : null, attributeValue: typeof v === 'string' ? v : null };
    })
    : undefined;
  const scalar = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
  return { lookupAttributes: attrs, startTime: scalar(r.StartTime), endTime: scalar(r.EndTime), maxResults: scalar(r.MaxResults), eventCategory: scalar(r.EventCategory) };
}
