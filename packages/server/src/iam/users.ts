/** IAM users and their access keys. */
import { QueryError, required, tagsParam, type Params } from '../api/query/protocol.js';
import type { Ctx } from '../context.js';
import { newAccessKey } from '../auth/bootstrap.js';
import { randomAlnum } from '../crypto/random.js';
import { DuplicateError } from '../store/store.js';
import { iamArn, nameParam, namedResource, pathParam, userOrSelfResource, userParam, userXml } from './common.js';
import type { QueryOp } from './types.js';

const MAX_KEYS_PER_USER = 2;

/** The AccessKeyId parameter, when it is one of this user's keys; NoSuchEntity otherwise. */
async function ownedAccessKey(ctx: Ctx, userId: string, p: Params): Promise<string> {
  const id = required(p, 'AccessKeyId');
  if (!(await ctx.store.iam.listAccessKeys(userId)).some((k) => k.id === id)) throw new QueryError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);
  return id;
}

export const USER_OPS: Record<string, QueryOp> = {
  CreateUser: {
    action: 'iam:CreateUser',
    resource: (c, p) => iamArn(c.principal.accountId, 'user', p.get('Path') ?? '/', p.get('UserName') ?? ''),
    async handler(ctx, call, p) {
      const name = nameParam(p, 'UserName');
      const path = pathParam(p);
      const u = { id: 'AIDA' + randomAlnum(17), account_id: call.principal.accountId, name, path, arn: iamArn(call.principal.accountId, 'user', path, name), created_at: Date.now() };
      try { await ctx.store.transaction(async (tx) => { await tx.insertUser(u); await tx.iam.putTags(u.id, tagsParam(p)); }); } catch (err) {
        if (err instanceof DuplicateError) throw new QueryError('EntityAlreadyExists', `User with name ${name} already exists.`, 409);
        throw err;
      }
      return { User: userXml(u) };
    },
  },
  GetUser: {
    action: 'iam:GetUser',
    resource: userOrSelfResource,
    async handler(ctx, call, p) { return { User: userXml(await userParam(ctx, call, p)) }; },
  },
  ListUsers: {
    action: 'iam:ListUsers',
    resource: (c) => iamArn(c.principal.accountId, 'user', '/', ''),
    async handler(ctx, call) { return { Users: (await ctx.store.iam.listUsers(call.principal.accountId)).map(userXml), IsTruncated: false }; },
  },
  DeleteUser: {
    action: 'iam:DeleteUser',
    resource: namedResource('user', 'UserName'),
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      if ((await ctx.store.iam.listAccessKeys(u.id)).length) throw new QueryError('DeleteConflict', 'Cannot delete entity, must delete access keys first.', 409);
      if ((await ctx.store.iam.listPolicies('user_policies', u.id)).length) throw new QueryError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      await ctx.store.iam.deleteUser(u.id);
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
  TagUser: {
    action: 'iam:TagUser',
    resource: namedResource('user', 'UserName'),
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      await ctx.store.iam.putTags(u.id, tagsParam(p));
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
  CreateAccessKey: {
    action: 'iam:CreateAccessKey',
    resource: userOrSelfResource,
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      if ((await ctx.store.iam.listAccessKeys(u.id)).length >= MAX_KEYS_PER_USER) throw new QueryError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`, 409);
      const k = newAccessKey();
      const now = Date.now();
      await ctx.store.insertAccessKey({ id: k.id, account_id: u.account_id, user_id: u.id, secret_sealed: ctx.keyring.seal('access_keys', k.id, 'secret_sealed', Buffer.from(k.secret)), status: 'Active', created_at: now });
      return { AccessKey: { UserName: u.name, AccessKeyId: k.id, Status: 'Active', SecretAccessKey: k.secret, CreateDate: new Date(now) } };
    },
  },
  ListAccessKeys: {
    action: 'iam:ListAccessKeys',
    resource: userOrSelfResource,
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      const keys = await ctx.store.iam.listAccessKeys(u.id);
      return { AccessKeyMetadata: keys.map((k) => ({ UserName: u.name, AccessKeyId: k.id, Status: k.status, CreateDate: new Date(k.created_at) })), IsTruncated: false };
    },
  },
  UpdateAccessKey: {
    action: 'iam:UpdateAccessKey',
    resource: userOrSelfResource,
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      const status = required(p, 'Status');
      if (status !== 'Active' && status !== 'Inactive') throw new QueryError('ValidationError', `Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
      const id = await ownedAccessKey(ctx, u.id, p);
      await ctx.store.iam.setAccessKeyStatus(id, status);
      await ctx.bus.publish({ kind: 'accessKey', id });
      return undefined;
    },
  },
  DeleteAccessKey: {
    action: 'iam:DeleteAccessKey',
    resource: userOrSelfResource,
    async handler(ctx, call, p) {
      const u = await userParam(ctx, call, p);
      const id = await ownedAccessKey(ctx, u.id, p);
      await ctx.store.iam.deleteAccessKey(id);
      await ctx.bus.publish({ kind: 'accessKey', id });
      return undefined;
    },
  },
};
