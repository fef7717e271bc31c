/** Real clients against a test server: @aws-sdk/client-kms and the AWS CLI. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Trent } from './trent.js';

const run = promisify(execFile);

/** An SDK client signed with the server's admin credentials (or `credentials`). */
export function kmsClient(t: Trent, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = t.credentials, region = t.region): KMSClient {
  return new KMSClient({ endpoint: t.endpoint, region, credentials, maxAttempts: 1 });
}

/** Result of an AWS CLI call. */
export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs a shell script in `cwd` with the AWS CLI configured for `t`; $EP is the endpoint URL to pass as --endpoint-url. */
export async function awsShell(t: Trent, script: string, cwd: string): Promise<CliResult> {
  const credFile = join(t.dataDir, 'credentials');
  const env = {
    ...process.env, AWS_SHARED_CREDENTIALS_FILE: credFile, AWS_CONFIG_FILE: join(t.dataDir, 'no-config'),
    AWS_DEFAULT_REGION: t.region, EP: t.endpoint, AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1',
  };
  try {
    const r = await run('bash', ['-o', 'pipefail', '-c', script], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Writes a file in `dir` and returns its path. */
export function put(dir: string, name: string, data: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}
