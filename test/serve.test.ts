/** Serving: HTTPS with TRENT_TLS_CERT/KEY, SIGTERM draining in-flight requests, `npx trent serve`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort, REPO, startTrent } from './helpers/trent.js';
import { awsShell, kmsClient } from './helpers/clients.js';
import { signHeaders } from './helpers/raw.js';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

test('HTTPS: the SDK and the AWS CLI work with the server certificate; aws:SecureTransport is true', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const t = await startTrent({ env: { TRENT_TLS_CERT: join(dir, 'cert.pem'), TRENT_TLS_KEY: join(dir, 'key.pem') }, scheme: 'https', ca: readFileSync(join(dir, 'cert.pem')) });
  assert.match(t.endpoint, /^https:/);
  const kms = new KMSClient({
    endpoint: t.endpoint, region: t.region, credentials: t.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(join(dir, 'cert.pem')) }) }),
  });
  const secure = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.accountId}:root` }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ] });
  const k = await kms.send(new CreateKeyCommand({ Policy: secure }));
  const ct = await kms.send(new EncryptCommand({ KeyId: k.KeyMetadata!.KeyId!, Plaintext: Buffer.from('over tls') }));
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob }))).Plaintext!).toString(), 'over tls');
  const r = await awsShell(t, `aws kms describe-key --key-id ${k.KeyMetadata!.KeyId} --endpoint-url $EP --ca-bundle ${join(dir, 'cert.pem')} --query KeyMetadata.KeyState --output text`, dir);
  assert.equal(r.stdout.trim(), 'Enabled', r.stderr);
  kms.destroy();
  await t.stop();
});

test('SIGTERM lets in-flight requests finish, then the process exits 0', async () => {
  const t = await startTrent();
  const kms = kmsClient(t);
  const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  kms.destroy();
  // Twenty requests whose headers and half their body are sent before SIGTERM: unmistakably in flight.
  const body = Buffer.from(JSON.stringify({ KeyId: id, Plaintext: Buffer.alloc(3000, 7).toString('base64') }));
  const port = Number(new URL(t.endpoint).port);
  const pending = await Promise.all(Array.from({ length: 20 }, async () => {
    const headers = await signHeaders(t, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt', 'content-length': String(body.length) }, body);
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', reject);
    });
    req.write(body.subarray(0, 1000));
    return { req, answered };
  }));
  await new Promise((r) => setTimeout(r, 500));
  const exited = new Promise<number | null>((r) => t.proc.once('exit', (code) => r(code)));
  t.proc.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  for (const p of pending) p.req.end(body.subarray(1000));
  const statuses = await Promise.all(pending.map((p) => p.answered));
  assert.deepEqual(statuses, statuses.map(() => 200), 'every request in flight at SIGTERM was answered');
  assert.equal(await exited, 0);
  await assert.rejects(fetch(`${t.endpoint}/health`), 'no new connections after the drain');
});

/** True while something accepts connections on the port (a new connection each time, never a kept-alive one). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

test('`npx trent serve` runs the same server', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trent-npx-'));
  const port = await freePort();
  // Its own process group: npx starts the server as a child, and stopping npx alone would leave it running.
  const p = spawn('npx', ['trent', 'serve', '--port', String(port), '--data-dir', dataDir, '--workers', '1'], { cwd: REPO, stdio: 'ignore', env: { ...process.env }, detached: true });
  const health = () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200, () => false);
  let healthy = false;
  try {
    for (let i = 0; i < 100 && !healthy; i++) {
      await new Promise((r) => setTimeout(r, 200));
      healthy = await health();
    }
    assert.ok(healthy, 'npx trent serve answered /health');
    assert.match(readFileSync(join(dataDir, 'credentials'), 'utf8'), /^\[default\]\naws_access_key_id = AKIA/);
  } finally {
    process.kill(-p.pid!, 'SIGTERM');
    for (let i = 0; i < 100 && await listening(port); i++) await new Promise((r) => setTimeout(r, 100));
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.equal(await listening(port), false, 'the server npx started stopped with it');
});
