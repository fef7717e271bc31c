/**
 * Custom key stores against a real XKS proxy (helpers/xks-proxy.ts): the store lifecycle through the
 * AWS CLI, connection failures and their ConnectionErrorCode, AWS's exceptions for bad input,
 * CloudHSM and VPC endpoint services, IAM-only authorization, and the proxy secret kept off disk and logs.
 * Keys in external key stores and double encryption: xks-keys.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, DeleteCustomKeyStoreCommand, DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand, GenerateRandomCommand, UpdateCustomKeyStoreCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { startTrent, type Trent } from './helpers/trent.js';
import { awsShell, kmsClient, put } from './helpers/clients.js';
import { admin, newUser } from './helpers/iam.js';
import { XksProxy } from './helpers/xks-proxy.js';

let t: Trent;
let proxy: XksProxy;
let kms: KMSClient;
const secretsSeen: string[] = [];
before(async () => {
  t = await startTrent({ env: { TRENT_LOG_LEVEL: 'debug' } });
  proxy = await XksProxy.start({ region: t.region });
  secretsSeen.push(proxy.secret);
  kms = kmsClient(t);
});
after(async () => { await t?.stop(); await proxy?.close(); });

/** CreateCustomKeyStore input for `p` (a fresh name unless given). */
function xksInput(p: XksProxy, over: Record<string, unknown> = {}): any {
  return {
    CustomKeyStoreName: `xks-${Math.random().toString(36).slice(2)}`, CustomKeyStoreType: 'EXTERNAL_KEY_STORE', XksProxyConnectivity: 'PUBLIC_ENDPOINT',
    XksProxyUriEndpoint: p.endpoint, XksProxyUriPath: p.uriPath,
    XksProxyAuthenticationCredential: { AccessKeyId: p.accessKeyId, RawSecretAccessKey: p.secret }, ...over,
  };
}

async function describe(id: string): Promise<any> {
  return (await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0];
}

async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => { assert.equal(e.name, name, e.message); if (message) assert.match(e.message, message); return true; });
}

test('the AWS CLI takes a store through its lifecycle: create, describe, connect, rename, disconnect, delete', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trent-cks-'));
  const cli = (s: string) => awsShell(t, s, dir);
  // --cli-input-json: the CLI would fetch an http:// parameter value as a URL (cli_follow_urlparam).
  put(dir, 'store.json', JSON.stringify(xksInput(proxy, { CustomKeyStoreName: 'cli-store' })));
  const created = await cli('aws kms create-custom-key-store --cli-input-json file://store.json --endpoint-url $EP');
  assert.equal(created.code, 0, created.stderr);
  const id = JSON.parse(created.stdout).CustomKeyStoreId as string;
  assert.match(id, /^cks-[0-9a-f]{17}$/);
  assert.equal(proxy.seen.at(-1)?.route, '/health');
  assert.equal(proxy.seen.at(-1)?.requestMetadata.kmsOperation, 'CreateCustomKeyStore');
  const listed = JSON.parse((await cli(`aws kms describe-custom-key-stores --custom-key-store-name cli-store --endpoint-url $EP`)).stdout).CustomKeyStores;
  assert.equal(listed.length, 1);
  assert.deepEqual({ ...listed[0], CreationDate: undefined }, {
    CustomKeyStoreId: id, CustomKeyStoreName: 'cli-store', CustomKeyStoreType: 'EXTERNAL_KEY_STORE', ConnectionState: 'DISCONNECTED', CreationDate: undefined,
    XksProxyConfiguration: { Connectivity: 'PUBLIC_ENDPOINT', AccessKeyId: proxy.accessKeyId, UriEndpoint: proxy.endpoint, UriPath: proxy.uriPath },
  });
  assert.equal((await cli(`aws kms connect-custom-key-store --custom-key-store-id ${id} --endpoint-url $EP`)).code, 0);
  assert.equal((await describe(id)).ConnectionState, 'CONNECTED');
  assert.equal(proxy.seen.at(-1)?.requestMetadata.kmsOperation, 'ConnectCustomKeyStore');
  // Connected: a new name is allowed, new proxy settings and deletion are not.
  assert.equal((await cli(`aws kms update-custom-key-store --custom-key-store-id ${id} --new-custom-key-store-name cli-renamed --endpoint-url $EP`)).code, 0);
  assert.equal((await describe(id)).CustomKeyStoreName, 'cli-renamed');
  const busy = await cli(`aws kms update-custom-key-store --custom-key-store-id ${id} --xks-proxy-uri-path /other/kms/xks/v1 --endpoint-url $EP`);
  assert.match(busy.stderr, /CustomKeyStoreInvalidStateException/);
  assert.match((await cli(`aws kms delete-custom-key-store --custom-key-store-id ${id} --endpoint-url $EP`)).stderr, /CustomKeyStoreInvalidStateException/);
  assert.equal((await cli(`aws kms disconnect-custom-key-store --custom-key-store-id ${id} --endpoint-url $EP`)).code, 0);
  assert.equal((await describe(id)).ConnectionState, 'DISCONNECTED');
  assert.match((await cli(`aws kms disconnect-custom-key-store --custom-key-store-id ${id} --endpoint-url $EP`)).stderr, /CustomKeyStoreInvalidStateException/);
  assert.equal((await cli(`aws kms delete-custom-key-store --custom-key-store-id ${id} --endpoint-url $EP`)).code, 0);
  assert.match((await cli(`aws kms describe-custom-key-stores --custom-key-store-id ${id} --endpoint-url $EP`)).stderr, /CustomKeyStoreNotFoundException/);
});

test('an unreachable, silent, confused or misconfigured proxy gets AWS\'s exceptions and connection error codes', async () => {
  const dead = await XksProxy.start({ region: t.region });
  const deadInput = xksInput(dead);
  await dead.close();
  await rejects(kms.send(new CreateCustomKeyStoreCommand(deadInput)), 'XksProxyUriUnreachableException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyUriPath: '/wrong/kms/xks/v1' }))), 'XksProxyInvalidConfigurationException');
  const wrong = xksInput(proxy, { XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: 'A'.repeat(44) } });
  await rejects(kms.send(new CreateCustomKeyStoreCommand(wrong)), 'XksProxyIncorrectAuthenticationCredentialException');
  proxy.mode = 'garbage';
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy))), 'XksProxyInvalidResponseException');
  proxy.mode = 'unavailable';
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy))), 'XksProxyUriUnreachableException');
  proxy.mode = 'ok';
  const id = (await kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy)))).CustomKeyStoreId!;
  const connectAs = async (mode: XksProxy['mode']) => {
    proxy.mode = mode;
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    proxy.mode = 'ok';
    return describe(id);
  };
  // The proxy rotated its credential and the store still has the old one.
  const [oldKey, oldSecret] = [proxy.accessKeyId, proxy.secret];
  proxy.secret = Buffer.alloc(33, 7).toString('base64');
  let s = await connectAs('ok');
  assert.deepEqual([s.ConnectionState, s.ConnectionErrorCode], ['FAILED', 'INVALID_CREDENTIALS']);
  await rejects(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })), 'CustomKeyStoreInvalidStateException', /disconnect/);
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  assert.equal((await describe(id)).ConnectionErrorCode, undefined);
  s = await connectAs('hang');
  assert.deepEqual([s.ConnectionState, s.ConnectionErrorCode], ['FAILED', 'XKS_PROXY_TIMED_OUT']);
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  s = await connectAs('garbage');
  assert.deepEqual([s.ConnectionState, s.ConnectionErrorCode], ['FAILED', 'XKS_PROXY_INVALID_RESPONSE']);
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  // UpdateCustomKeyStore checks the new credential with the proxy before saving it.
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyAuthenticationCredential: { AccessKeyId: oldKey, RawSecretAccessKey: oldSecret } })), 'XksProxyIncorrectAuthenticationCredentialException');
  await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secret } }));
  secretsSeen.push(proxy.secret);
  s = await connectAs('ok');
  assert.deepEqual([s.ConnectionState, s.ConnectionErrorCode], ['CONNECTED', undefined]);
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  [proxy.accessKeyId, proxy.secret] = [oldKey, oldSecret];
});

test('bad input, CloudHSM key stores and VPC endpoint services get AWS\'s exceptions', async () => {
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: 'hsm', CloudHsmClusterId: 'cluster-234567abcdefg', TrustAnchorCertificate: 'cert', KeyStorePassword: 'kmsuser-pw' })), 'CloudHsmClusterNotFoundException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: 'hsm', CustomKeyStoreType: 'AWS_CLOUDHSM' })), 'ValidationException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE', XksProxyVpcEndpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0' }))), 'XksProxyVpcEndpointServiceNotFoundException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyUriPath: 'kms/xks/v1' }))), 'ValidationException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyUriEndpoint: 'http://proxy.example.com' }))), 'ValidationException', /https/);
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyUriEndpoint: undefined }))), 'ValidationException', /XksProxyUriEndpoint/);
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { XksProxyAuthenticationCredential: { AccessKeyId: 'lowercase-not-allowed-here', RawSecretAccessKey: proxy.secret } }))), 'ValidationException');
  const other = await XksProxy.start({ region: t.region });
  secretsSeen.push(other.secret);
  const a = (await kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { CustomKeyStoreName: 'page-a' })))).CustomKeyStoreId!;
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(other, { CustomKeyStoreName: 'page-a' }))), 'CustomKeyStoreNameInUseException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand(xksInput(proxy, { CustomKeyStoreName: 'page-b' }))), 'XksProxyUriInUseException');
  const b = (await kms.send(new CreateCustomKeyStoreCommand(xksInput(other, { CustomKeyStoreName: 'page-b' })))).CustomKeyStoreId!;
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: b, NewCustomKeyStoreName: 'page-a' })), 'CustomKeyStoreNameInUseException');
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: b, XksProxyUriEndpoint: proxy.endpoint, XksProxyUriPath: proxy.uriPath })), 'XksProxyUriInUseException');
  await rejects(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: 'cks-00000000000000000' })), 'CustomKeyStoreNotFoundException');
  await rejects(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'no-such-store' })), 'CustomKeyStoreNotFoundException');
  await rejects(kms.send(new DescribeCustomKeyStoresCommand({ Marker: 'bm9wZQ' })), 'InvalidMarkerException');
  await rejects(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: 'cks-00000000000000000' })), 'CustomKeyStoreNotFoundException');
  await rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: a })), 'UnsupportedOperationException');
  const first = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1 }));
  assert.deepEqual([first.CustomKeyStores!.map((e) => e.CustomKeyStoreId), first.Truncated], [[[a, b].sort()[0]], true]);
  const second = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1, Marker: first.NextMarker }));
  assert.deepEqual([second.CustomKeyStores!.map((e) => e.CustomKeyStoreId), second.Truncated], [[[a, b].sort()[1]], false]);
  for (const id of [a, b]) await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  await other.close();
});

test('custom key store operations are IAM-only actions: denied without an identity policy, allowed with one', async () => {
  const bob = await newUser(t, 'cks-bob');
  const asBob = kmsClient(t, bob.credentials);
  await rejects(asBob.send(new DescribeCustomKeyStoresCommand({})), 'AccessDeniedException', /kms:DescribeCustomKeyStores/);
  await rejects(asBob.send(new CreateCustomKeyStoreCommand(xksInput(proxy))), 'AccessDeniedException', /kms:CreateCustomKeyStore/);
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:DescribeCustomKeyStores', Resource: '*' }] });
  await admin(t, `aws iam put-user-policy --user-name cks-bob --policy-name describe --policy-document '${doc}' --endpoint-url $EP`);
  assert.ok(Array.isArray((await asBob.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores));
  await rejects(asBob.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: 'cks-00000000000000000' })), 'AccessDeniedException', /kms:ConnectCustomKeyStore/);
});

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? filesBelow(p) : [p]; });
}

test('the proxy secret access keys appear in no file of the data directory and no log line', async () => {
  await t.stop();
  const files = filesBelow(t.dataDir).filter((f) => !f.endsWith('/credentials'));
  assert.ok(files.some((f) => f === t.logFile));
  assert.match(readFileSync(t.logFile, 'utf8'), /"operation":"CreateCustomKeyStore"/);
  for (const file of files) {
    const content = readFileSync(file);
    for (const s of secretsSeen) for (const form of [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('hex')]) {
      assert.equal(content.indexOf(form), -1, `${file} holds a proxy secret`);
    }
  }
});
