/** STS: GetCallerIdentity and AssumeRole (trust policy evaluated; ASIA… session credentials). */
import { QueryError, required, type Params } from '../api/query/protocol.js';
import type { Call, Ctx } from '../context.js';
import { compilePolicy, evaluateTrust } from '../auth/policy/index.js';
import { requestContext } from '../auth/request-context.js';
import { sha256 } from '../crypto/aead.js';
import { random, randomAlnum } from '../crypto/random.js';
import type { QueryOp } from './types.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

function denied(call: Call, roleArn: string): QueryError {
  return new QueryError('AccessDenied', `User: ${call.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

function duration(p: Params, max: number): number {
  const d = Number(p.get('DurationSeconds') ?? 3600);
  if (!Number.isInteger(d) || d < 900 || d > 43200) throw new QueryError('ValidationError', "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
  if (d > max) throw new QueryError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${max}).`);
  return d;
}

async function assumeRole(ctx: Ctx, call: Call, p: Params): Promise<Record<string, unknown>> {
  const roleArn = required(p, 'RoleArn');
  const sessionName = required(p, 'RoleSessionName');
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw new QueryError('ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  const m = ROLE_ARN.exec(roleArn);
  const role = m ? await ctx.store.iam.roleByName(m[1]!, m[2]!) : undefined;
  if (!role || role.arn !== roleArn) throw denied(call, roleArn);
  const externalId = p.get('ExternalId');
  const context = requestContext(call, undefined, { context: { 'sts:ExternalId': externalId ?? undefined, 'sts:RoleSessionName': sessionName } });
  const d = evaluateTrust(compilePolicy(role.trust_policy, 'trust'), { principal: call.principal, context, roleArn, roleAccount: role.account_id, identityPolicies: call.policies });
  if (d.decision !== 'Allow') throw denied(call, roleArn);
  const seconds = duration(p, role.max_session_seconds);
  const accessKeyId = 'ASIA' + randomAlnum(16);
  const secret = random(30).toString('base64').replace(/[+/]/g, 'x');
  const token = random(96).toString('base64');
  const now = Date.now();
  await ctx.store.iam.insertSession({
    access_key_id: accessKeyId, account_id: role.account_id, role_id: role.id, session_name: sessionName,
    secret_sealed: ctx.keyring.seal('sessions', accessKeyId, 'secret_sealed', Buffer.from(secret)),
    token_hash: sha256(token).toString('hex'), expires_at: now + seconds * 1000, created_at: now,
  });
  return {
    Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(now + seconds * 1000) },
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: `arn:aws:sts::${role.account_id}:assumed-role/${role.name}/${sessionName}` },
  };
}

export const STS_OPS: Record<string, QueryOp> = {
  GetCallerIdentity: {
    async handler(_ctx, call) {
      return { UserId: call.principal.userId, Account: call.principal.accountId, Arn: call.principal.arn };
    },
  },
  AssumeRole: { handler: assumeRole },
};
