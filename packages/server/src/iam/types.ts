/** The shape of an IAM or STS operation served over the Query protocol. */
import type { Call, Ctx } from '../context.js';
import type { Params } from '../api/query/protocol.js';

export interface QueryOp {
  /** The IAM action authorized, e.g. 'iam:CreateUser'; undefined when every caller may (GetCallerIdentity). */
  action?: string;
  /** The resource ARN the action is authorized on. */
  resource?(call: Call, p: Params): string;
  handler(ctx: Ctx, call: Call, p: Params): Promise<Record<string, unknown> | undefined>;
}
