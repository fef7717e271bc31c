/**
 * Key policy documents on CreateKey and PutKeyPolicy: AWS's validation (syntax, elements, size,
 * principals that must exist) and the lockout safety check.
 */
import { fail } from '../api/errors.js';
import type { Call, Ctx } from '../context.js';
import { lockoutCheck, parsePolicy, PolicyError, principalArns, type ParsedPolicy } from '../auth/policy/index.js';

const IAM_PRINCIPAL = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;
const ROOT_PRINCIPAL = /^arn:aws:iam::(\d{12}):root$/;

function parse(text: string): ParsedPolicy {
  try { return parsePolicy(text, 'key'); } catch (err) {
    if (err instanceof PolicyError) fail('MalformedPolicyDocumentException', err.message);
    throw err;
  }
}

/** Throws unless every IAM user and role the policy names exists (accounts Trent knows). */
async function checkPrincipals(ctx: Ctx, policy: ParsedPolicy): Promise<void> {
  const accounts = new Set(await ctx.store.listAccounts());
  for (const arn of principalArns(policy)) {
    if (arn === '*') continue;
    const root = ROOT_PRINCIPAL.exec(arn);
    if (root) {
      if (!accounts.has(root[1]!)) fail('MalformedPolicyDocumentException', `Policy contains a statement with one or more invalid principals: ${arn}`);
      continue;
    }
    const m = IAM_PRINCIPAL.exec(arn);
    const exists = m && (m[2] === 'user' ? await ctx.store.iam.userByName(m[1]!, m[3]!) : await ctx.store.iam.roleByName(m[1]!, m[3]!));
    if (!exists && !arn.startsWith('arn:aws:sts::')) fail('MalformedPolicyDocumentException', `Policy contains a statement with one or more invalid principals: ${arn}`);
  }
}

/** Validates a key policy for `resource` (the key ARN, or '*' before the key exists); returns the text to store. */
export async function checkKeyPolicy(ctx: Ctx, call: Call, text: string, bypassLockoutCheck: boolean, resource: string): Promise<string> {
  const policy = parse(text);
  await checkPrincipals(ctx, policy);
  if (!bypassLockoutCheck && !lockoutCheck(text, call.principal, { resource })) {
    fail('MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
  }
  return text;
}
