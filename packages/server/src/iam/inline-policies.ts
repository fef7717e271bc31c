/** Inline identity policies of users, groups and roles: Put/Get/List/Delete. */
import type { Call, Ctx } from '../context.js';
import { QueryError, required, type Params } from '../api/query/protocol.js';
import { encodeDocument, groupParam, namedResource, policyDocument, roleParam, userParam } from './common.js';
import type { QueryOp } from './types.js';

/** One kind of owner: how to find it, where its policies live, its quota and its response field. */
interface Owner {
  label: 'User' | 'Group' | 'Role';
  table: 'user_policies' | 'group_policies' | 'role_policies';
  quota: number;
  find(ctx: Ctx, call: Call, p: Params): Promise<{ id: string; name: string }>;
  arn(call: Call, p: Params): string;
}

const OWNERS: Owner[] = [
  { label: 'User', table: 'user_policies', quota: 2048, find: userParam, arn: namedResource('user', 'UserName') },
  { label: 'Group', table: 'group_policies', quota: 5120, find: groupParam, arn: namedResource('group', 'GroupName') },
  { label: 'Role', table: 'role_policies', quota: 10240, find: roleParam, arn: namedResource('role', 'RoleName') },
];

function opsFor(o: Owner): Record<string, QueryOp> {
  const noSuch = (name: string, owner: string) => new QueryError('NoSuchEntity', `The ${o.label.toLowerCase()} policy with name ${name} cannot be found for ${owner}.`, 404);
  return {
    [`Put${o.label}Policy`]: {
      action: `iam:Put${o.label}Policy`, resource: o.arn,
      async handler(ctx, call, p) {
        const owner = await o.find(ctx, call, p);
        const name = required(p, 'PolicyName');
        await ctx.store.iam.putPolicy(o.table, owner.id, name, policyDocument(p, 'PolicyDocument', 'identity', o.quota));
        await ctx.bus.publish({ kind: 'iam' });
        return undefined;
      },
    },
    [`Get${o.label}Policy`]: {
      action: `iam:Get${o.label}Policy`, resource: o.arn,
      async handler(ctx, call, p) {
        const owner = await o.find(ctx, call, p);
        const name = required(p, 'PolicyName');
        const doc = await ctx.store.iam.getPolicy(o.table, owner.id, name);
        if (doc === undefined) throw noSuch(name, owner.name);
        return { [`${o.label}Name`]: owner.name, PolicyName: name, PolicyDocument: encodeDocument(doc) };
      },
    },
    [`List${o.label}Policies`]: {
      action: `iam:List${o.label}Policies`, resource: o.arn,
      async handler(ctx, call, p) {
        const owner = await o.find(ctx, call, p);
        return { PolicyNames: (await ctx.store.iam.listPolicies(o.table, owner.id)).map((x) => x.name), IsTruncated: false };
      },
    },
    [`Delete${o.label}Policy`]: {
      action: `iam:Delete${o.label}Policy`, resource: o.arn,
      async handler(ctx, call, p) {
        const owner = await o.find(ctx, call, p);
        const name = required(p, 'PolicyName');
        if (!(await ctx.store.iam.deletePolicy(o.table, owner.id, name))) throw noSuch(name, owner.name);
        await ctx.bus.publish({ kind: 'iam' });
        return undefined;
      },
    },
  };
}

export const INLINE_POLICY_OPS: Record<string, QueryOp> = Object.assign({}, ...OWNERS.map(opsFor));
