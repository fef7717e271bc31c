/**
 * Shared fixtures of the evaluation tables: two accounts, their users, roles and root users, a key
 * in each, and helpers that turn a compact case into an AuthzRequest and a PolicySet.
 */
import { compilePolicy } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { ContextValue, Decision, Principal } from '../types.js';

export const A = '111122223333';
export const B = '444455556666';
export const KEY_A = `arn:aws:kms:us-west-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY_A2 = `arn:aws:kms:us-west-2:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const KEY_B = `arn:aws:kms:us-east-1:${B}:key/abcd1234-a123-456a-a12b-a123b4cd56ef`;

const user = (acct: string, name: string, tags?: Record<string, string>): Principal => ({
  arn: `arn:aws:iam::${acct}:user/${name}`, accountId: acct, type: 'IAMUser', userName: name, userId: `AIDA${name.toUpperCase()}`, ...(tags ? { tags } : {}),
});
const session = (acct: string, role: string, name: string): Principal => ({
  arn: `arn:aws:sts::${acct}:assumed-role/${role}/${name}`, accountId: acct, type: 'AssumedRole', roleArn: `arn:aws:iam::${acct}:role/${role}`, userId: `AROA${role.toUpperCase()}:${name}`,
});
const root = (acct: string): Principal => ({ arn: `arn:aws:iam::${acct}:root`, accountId: acct, type: 'Root' });

/** Named principals the tables refer to. */
export const PRINCIPALS = {
  alice: user(A, 'alice', { Department: 'Finance', project: 'blue' }),
  bob: user(A, 'bob', { Department: 'Engineering' }),
  keyAdmin: user(A, 'KMSAdminUser'),
  adminRole: session(A, 'KMSAdminRole', 'sess-1'),
  appRole: session(A, 'ExampleRole', 'app'),
  rootA: root(A),
  carol: user(B, 'carol'),
  roleB: session(B, 'ExampleRole', 'other'),
  rootB: root(B),
} as const;

/** A principal's name in PRINCIPALS. */
export type Who = keyof typeof PRINCIPALS;

/** One row of an evaluation table. */
export interface EvalCase {
  name: string;
  keyPolicy?: object | string;
  identity?: object[];
  grant?: boolean;
  who: Who;
  action: string;
  resource?: string;
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
  expect: Decision['decision'];
  by?: Decision['by'];
}

/** A policy document from statements. */
export function doc(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** Runs one case through the real compile and evaluate. */
export function run(c: EvalCase): Decision {
  const text = (p: object | string): string => (typeof p === 'string' ? p : JSON.stringify(p));
  const keyPolicy = c.keyPolicy === undefined ? undefined : compilePolicy(text(c.keyPolicy), 'key');
  const identityPolicies = (c.identity ?? []).map((p) => compilePolicy(text(p), 'identity'));
  const resource = c.resource ?? KEY_A;
  const resourceAccount = c.resourceAccount ?? (resource.split(':')[4] || A);
  const context = new Map(Object.entries(c.context ?? {}));
  return evaluate(
    { action: c.action, resource, resourceAccount, principal: PRINCIPALS[c.who], context },
    { ...(keyPolicy ? { keyPolicy } : {}), identityPolicies, ...(c.grant !== undefined ? { grantAllows: c.grant } : {}) },
  );
}

/** AWS's default key policy for account A, exactly as defaultKeyPolicy returns it. */
export const defaultKey = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${A}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
