/** IAM set-up for authorization tests, through the AWS CLI (Query protocol on Trent's endpoint). */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsShell } from './clients.js';
import type { Trent } from './trent.js';

/** Runs AWS CLI commands as the admin and returns parsed JSON of the last one (or {}). */
export async function admin(t: Trent, script: string): Promise<any> {
  const r = await awsShell(t, script, mkdtempSync(join(tmpdir(), 'trent-iam-')));
  assert.equal(r.code, 0, `aws failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** Creates a user with an access key and returns its credentials and ARN. */
export async function newUser(t: Trent, name: string): Promise<{ arn: string; credentials: { accessKeyId: string; secretAccessKey: string } }> {
  const u = await admin(t, `aws iam create-user --user-name ${name} --endpoint-url $EP`);
  const k = await admin(t, `aws iam create-access-key --user-name ${name} --endpoint-url $EP`);
  return { arn: u.User.Arn, credentials: { accessKeyId: k.AccessKey.AccessKeyId, secretAccessKey: k.AccessKey.SecretAccessKey } };
}
