/** Serving IAM and STS over the Query protocol on the same endpoint; the SigV4 scope's service picks which. */
import type { IncomingMessage } from 'node:http';
import type { Call, Ctx } from '../../context.js';
import { authorize } from '../../auth/authorize.js';
import { GROUP_ROLE_OPS } from '../../iam/groups-roles.js';
import { INLINE_POLICY_OPS } from '../../iam/inline-policies.js';
import { STS_OPS } from '../../iam/sts.js';
import type { QueryOp } from '../../iam/types.js';
import { USER_OPS } from '../../iam/users.js';
import { QueryError } from './protocol.js';

/** A Query service: its XML namespace and operation table. */
export interface QueryService { ns: string; ops: Record<string, QueryOp> }

export const QUERY_SERVICES: Record<string, QueryService> = {
  iam: { ns: 'https://iam.amazonaws.com/doc/2010-05-08/', ops: { ...USER_OPS, ...INLINE_POLICY_OPS, ...GROUP_ROLE_OPS } },
  sts: { ns: 'https://sts.amazonaws.com/doc/2011-06-15/', ops: STS_OPS },
};

/** Runs one authenticated Query request; returns its result (sent by the caller once audited). */
export async function runQuery(ctx: Ctx, call: Call, service: QueryService, params: URLSearchParams): Promise<Record<string, unknown> | undefined> {
  const action = params.get('Action') ?? '';
  const op = Object.hasOwn(service.ops, action) ? service.ops[action] : undefined;
  if (!op) throw new QueryError('InvalidAction', `Could not find operation ${action} for this service.`);
  if (op.action) authorize(ctx, call, op.action, undefined, { resource: op.resource?.(call, params) ?? '*' });
  return op.handler(ctx, call, params);
}

/** True when a request looks like a Query-protocol call (form body, no X-Amz-Target). */
export function isQueryRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && req.headers['x-amz-target'] === undefined && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}
