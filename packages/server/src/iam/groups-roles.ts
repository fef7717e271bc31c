/** IAM groups (membership) and roles (trust policies). */
import { QueryError, tagsParam } from '../api/query/protocol.js';
import { randomAlnum } from '../crypto/random.js';
import { DuplicateError } from '../store/store.js';
import type { RoleRow } from '../store/iam-repo.js';
import { encodeDocument, groupParam, iamArn, nameParam, namedResource, pathParam, policyDocument, roleParam, userParam } from './common.js';
import type { QueryOp } from './types.js';


function roleXml(r: RoleRow): Record<string, unknown> {
  return {
    Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn, CreateDate: new Date(r.created_at),
    AssumeRolePolicyDocument: encodeDocument(r.trust_policy), Description: r.description || undefined, MaxSessionDuration: r.max_session_seconds,
  };
}

async function unique<T>(p: Promise<T>, what: string): Promise<T> {
  try { return await p; } catch (err) {
    if (err instanceof DuplicateError) throw new QueryError('EntityAlreadyExists', `${what} already exists.`, 409);
    throw err;
  }
}

export const GROUP_ROLE_OPS: Record<string, QueryOp> = {
  CreateGroup: {
    action: 'iam:CreateGroup', resource: namedResource('group', 'GroupName'),
    async handler(ctx, call, p) {
      const name = nameParam(p, 'GroupName', 128);
      const path = pathParam(p);
      const g = { id: 'AGPA' + randomAlnum(17), account_id: call.principal.accountId, name, path, arn: iamArn(call.principal.accountId, 'group', path, name), created_at: Date.now() };
      await unique(ctx.store.iam.insertGroup(g), `Group with name ${name}`);
      return { Group: { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: new Date(g.created_at) } };
    },
  },
  AddUserToGroup: {
    action: 'iam:AddUserToGroup', resource: namedResource('group', 'GroupName'),
    async handler(ctx, call, p) {
      const g = await groupParam(ctx, call, p);
      const u = await userParam(ctx, call, p);
      await ctx.store.iam.addMember(g.id, u.id);
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
  RemoveUserFromGroup: {
    action: 'iam:RemoveUserFromGroup', resource: namedResource('group', 'GroupName'),
    async handler(ctx, call, p) {
      const g = await groupParam(ctx, call, p);
      const u = await userParam(ctx, call, p);
      if (!(await ctx.store.iam.removeMember(g.id, u.id))) throw new QueryError('NoSuchEntity', `The user with name ${u.name} is not in group ${g.name}.`, 404);
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
  CreateRole: {
    action: 'iam:CreateRole', resource: namedResource('role', 'RoleName'),
    async handler(ctx, call, p) {
      const name = nameParam(p, 'RoleName');
      const path = pathParam(p);
      const maxSession = Number(p.get('MaxSessionDuration') ?? 3600);
      if (!Number.isInteger(maxSession) || maxSession < 3600 || maxSession > 43200) throw new QueryError('ValidationError', "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200");
      const r: RoleRow = {
        id: 'AROA' + randomAlnum(17), account_id: call.principal.accountId, name, path, arn: iamArn(call.principal.accountId, 'role', path, name),
        trust_policy: policyDocument(p, 'AssumeRolePolicyDocument', 'trust', 2048), description: p.get('Description') ?? '', max_session_seconds: maxSession, created_at: Date.now(),
      };
      await unique(ctx.store.transaction(async (tx) => { await tx.iam.insertRole(r); await tx.iam.putTags(r.id, tagsParam(p)); }), `Role with name ${name}`);
      return { Role: roleXml(r) };
    },
  },
  GetRole: {
    action: 'iam:GetRole', resource: namedResource('role', 'RoleName'),
    async handler(ctx, call, p) { return { Role: roleXml(await roleParam(ctx, call, p)) }; },
  },
  DeleteRole: {
    action: 'iam:DeleteRole', resource: namedResource('role', 'RoleName'),
    async handler(ctx, call, p) {
      const r = await roleParam(ctx, call, p);
      if ((await ctx.store.iam.listPolicies('role_policies', r.id)).length) throw new QueryError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      await ctx.store.iam.deleteRole(r.id);
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
  TagRole: {
    action: 'iam:TagRole', resource: namedResource('role', 'RoleName'),
    async handler(ctx, call, p) {
      const r = await roleParam(ctx, call, p);
      await ctx.store.iam.putTags(r.id, tagsParam(p));
      await ctx.bus.publish({ kind: 'iam' });
      return undefined;
    },
  },
};

