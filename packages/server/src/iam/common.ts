/** Helpers shared by the IAM operations: names, lookups that raise IAM's errors, policy documents. */
import type { Call, Ctx } from '../context.js';
import { QueryError, required, type Params } from '../api/query/protocol.js';
import { parsePolicy, PolicyError, type PolicyKind } from '../auth/policy/index.js';
import type { UserRow } from '../store/store.js';
import type { GroupRow, RoleRow } from '../store/iam-repo.js';

const NAME = /^[\w+=,.@-]{1,64}$/;

/** A validated IAM entity name parameter. */
export function nameParam(p: Params, field: string, max = 64): string {
  const v = required(p, field);
  if (v.length > max || !NAME.test(v.slice(0, 64))) throw new QueryError('ValidationError', `The specified value for '${field.charAt(0).toLowerCase() + field.slice(1)}' is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`);
  return v;
}

/** A path parameter (default '/'). */
export function pathParam(p: Params): string {
  const v = p.get('Path') ?? '/';
  if (!/^\/(?:[\x21-\x7e]*\/)?$/.test(v) || v.length > 512) throw new QueryError('ValidationError', "The specified value for 'path' is invalid. It must begin and end with / and contain only printable ASCII characters.");
  return v;
}

/** The user named by UserName, or the calling user when it is omitted. */
export async function userParam(ctx: Ctx, call: Call, p: Params): Promise<UserRow> {
  const name = p.get('UserName') ?? (call.principal.type === 'IAMUser' ? call.principal.userName : undefined);
  if (!name) throw new QueryError('ValidationError', 'Must specify userName when calling with non-User credentials');
  const u = await ctx.store.iam.userByName(call.principal.accountId, name);
  if (!u) throw new QueryError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
  return u;
}

export async function groupParam(ctx: Ctx, call: Call, p: Params): Promise<GroupRow> {
  const name = required(p, 'GroupName');
  const g = await ctx.store.iam.groupByName(call.principal.accountId, name);
  if (!g) throw new QueryError('NoSuchEntity', `The group with name ${name} cannot be found.`, 404);
  return g;
}

export async function roleParam(ctx: Ctx, call: Call, p: Params): Promise<RoleRow> {
  const name = required(p, 'RoleName');
  const r = await ctx.store.iam.roleByName(call.principal.accountId, name);
  if (!r) throw new QueryError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  return r;
}

/** Validates a policy document of `kind` within IAM's size quota (characters, white space excluded). */
export function policyDocument(p: Params, field: string, kind: PolicyKind, quota: number): string {
  const text = required(p, field);
  if (text.replace(/\s/g, '').length > quota) throw new QueryError('LimitExceeded', `Maximum policy size of ${quota} bytes exceeded.`, 409);
  try { parsePolicy(text, kind); } catch (err) {
    if (err instanceof PolicyError) throw new QueryError('MalformedPolicyDocument', err.message);
    throw err;
  }
  return text;
}

/** IAM returns policy documents URL-encoded (botocore decodes them). */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}

/** IAM's user element. */
export function userXml(u: UserRow): Record<string, unknown> {
  return { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: new Date(u.created_at) };
}

/** The ARN of an IAM user, group or role: `arn:aws:iam::<acct>:<type><path><name>`. */
export function iamArn(accountId: string, type: 'user' | 'group' | 'role', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

/** An operation's resource: the caller's account's user, group or role named by `param`. */
export function namedResource(type: 'user' | 'group' | 'role', param: string): (call: Call, p: Params) => string {
  return (c, p) => iamArn(c.principal.accountId, type, '/', p.get(param) ?? '');
}

/** An access-key operation's resource: the user named by UserName, or the calling user. */
export function userOrSelfResource(c: Call, p: Params): string {
  return iamArn(c.principal.accountId, 'user', '/', p.get('UserName') ?? c.principal.userName ?? '');
}
