#!/usr/bin/env node
// Micro-benchmark of the policy engine: ns per evaluation of compiled policies (run `npm run build` first).
import { compilePolicy, defaultKeyPolicy, evaluate } from '../packages/server/dist/auth/policy/index.js';

const A = '111122223333';
const KEY = `arn:aws:kms:us-west-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const bob = { arn: `arn:aws:iam::${A}:user/bob`, accountId: A, type: 'IAMUser', userName: 'bob' };
const role = { arn: `arn:aws:sts::${A}:assumed-role/App/s1`, accountId: A, type: 'AssumedRole', roleArn: `arn:aws:iam::${A}:role/App` };
const doc = (...Statement) => JSON.stringify({ Version: '2012-10-17', Statement });

const conditional = doc(
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
  { Sid: 'Use with context over TLS', Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
    Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' }, Bool: { 'aws:SecureTransport': 'true' } } },
  { Sid: 'Deny outside the office', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } } },
);
const identity = doc({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: `arn:aws:kms:*:${A}:key/*` });

const scenarios = {
  'default key policy + IAM policy (delegation)': {
    req: { action: 'kms:Encrypt', resource: KEY, resourceAccount: A, principal: bob, context: new Map() },
    set: { keyPolicy: compilePolicy(defaultKeyPolicy(A), 'key'), identityPolicies: [compilePolicy(identity, 'identity')] },
  },
  'key policy with 2 conditions + IP deny (direct)': {
    req: { action: 'kms:Encrypt', resource: KEY, resourceAccount: A, principal: role,
      context: new Map([['kms:encryptioncontext:tenant', 'acme'], ['aws:securetransport', true], ['aws:sourceip', '10.1.2.3']]) },
    set: { keyPolicy: compilePolicy(conditional, 'key'), identityPolicies: [] },
  },
  'same, with grantAllows flag': {
    req: { action: 'kms:Decrypt', resource: KEY, resourceAccount: A, principal: bob, context: new Map([['aws:sourceip', '10.1.2.3']]) },
    set: { keyPolicy: compilePolicy(conditional, 'key'), identityPolicies: [], grantAllows: true },
  },
};

function measure(fn, iterations) {
  for (let i = 0; i < 20000; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

const N = Number(process.env.N ?? 500000);
for (const [name, { req, set }] of Object.entries(scenarios)) {
  const d = evaluate(req, set);
  const ns = measure(() => evaluate(req, set), N);
  console.log(`${name.padEnd(50)} ${ns.toFixed(0).padStart(6)} ns/eval  (${d.decision} by ${d.by})`);
}
const ns = measure(() => compilePolicy(conditional, 'key'), N);
console.log(`${'compilePolicy cache hit (same text)'.padEnd(50)} ${ns.toFixed(0).padStart(6)} ns/call`);
