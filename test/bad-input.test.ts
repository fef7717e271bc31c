/**
 * Bad input on the wire, sent as raw SigV4-signed requests so any body can carry a valid signature:
 * malformed JSON, wrong types, missing and oversize fields, bad enums, garbage base64, unknown and
 * unimplemented targets, oversize bodies, tampered and truncated ciphertexts, wrong encryption
 * contexts and key ids. Each gets AWS's exception, never a 500, and the server keeps serving.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { REPO, startTrent, type Trent } from './helpers/trent.js';
import { rawCall, type RawOptions, type RawResponse } from './helpers/raw.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** Layout of Trent's v1 ciphertext blob (crypto/blob.ts): the regions a tamper test flips. */
const REGIONS = { version: [0, 1], keyId: [1, 17], materialId: [17, 49], salt: [49, 65], iv: [65, 77] } as const;

describe('bad input gets AWS exceptions, never a 500', () => {
  let t: Trent;
  let keyA: string;
  let arnA: string;
  let keyB: string;
  const seen: { what: string; r: RawResponse }[] = [];

  /** A raw call whose answer is kept, so the last test can check every answer of the file. */
  async function call(op: string, body: unknown, opts?: RawOptions): Promise<RawResponse> {
    const r = await rawCall(t, op, body, opts);
    seen.push({ what: `${op} ${typeof body === 'string' ? body.slice(0, 60) : JSON.stringify(body)?.slice(0, 60)}`, r });
    assert.ok(r.status < 500, `${op} answered ${r.status}: ${r.text}`);
    return r;
  }

  /** Asserts an AWS error answer: status, `__type`, a message, the request id header. */
  function isError(r: RawResponse, type: string, status = 400, message?: RegExp | string): void {
    assert.equal(r.json?.__type, type, `expected ${type}, got ${r.status} ${r.text.slice(0, 300)}`);
    assert.equal(r.status, status, `${type} status`);
    assert.equal(typeof r.json.message, 'string');
    assert.ok(r.json.message.length > 0);
    if (typeof message === 'string') assert.equal(r.json.message, message);
    else if (message) assert.match(r.json.message, message);
    assert.ok(r.headers['x-amzn-requestid'], 'x-amzn-RequestId header');
  }

  async function okCall(op: string, body: unknown): Promise<any> {
    const r = await call(op, body);
    assert.equal(r.status, 200, `${op}: ${r.text}`);
    return r.json;
  }

  async function encrypt(plaintext: string, context?: Record<string, string>): Promise<Buffer> {
    const out = await okCall('Encrypt', { KeyId: keyA, Plaintext: b64(plaintext), ...(context ? { EncryptionContext: context } : {}) });
    return Buffer.from(out.CiphertextBlob, 'base64');
  }

  before(async () => {
    t = await startTrent();
    const a = await okCall('CreateKey', { Description: 'A' });
    keyA = a.KeyMetadata.KeyId;
    arnA = a.KeyMetadata.Arn;
    keyB = (await okCall('CreateKey', { Description: 'B' })).KeyMetadata.KeyId;
    await okCall('CreateAlias', { AliasName: 'alias/bad-input-a', TargetKeyId: keyA });
  });

  after(async () => { await t?.stop(); });

  test('malformed JSON and non-object bodies are SerializationException', async () => {
    for (const body of ['{bad', '{"KeyId":', '{"KeyId": "x",}', '[', 'nul', '{"a":1}}', "{'KeyId':'x'}", '\u0000', Buffer.from([0xff, 0xfe, 0x7b])]) {
      isError(await call('DescribeKey', body), 'SerializationException');
    }
    for (const body of ['[]', '5', '"text"', 'true', `{"KeyId": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`]) {
      isError(await call('DescribeKey', body), 'SerializationException');
    }
  });

  test('wrong JSON types are SerializationException', async () => {
    const cases: [string, unknown][] = [
      ['DescribeKey', { KeyId: 5 }],
      ['Encrypt', { KeyId: 12345, Plaintext: b64('x') }],
      ['ListKeys', { Limit: '5' }],
      ['ListKeys', { Limit: 1.5 }],
      ['ListKeys', { Marker: 7 }],
      ['Encrypt', { KeyId: keyA, Plaintext: {} }],
      ['Encrypt', { KeyId: keyA, Plaintext: [1, 2] }],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), EncryptionContext: ['a'] }],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), EncryptionContext: { a: 1 } }],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), EncryptionContext: 'a=b' }],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), GrantTokens: 'token' }],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), DryRun: 'yes' }],
      ['GenerateDataKey', { KeyId: keyA, NumberOfBytes: '32' }],
      ['GenerateRandom', '{"NumberOfBytes": 1e400}'],
      ['GenerateRandom', '{"NumberOfBytes": 32.5}'],
      ['CreateKey', { Tags: { TagKey: 'a', TagValue: 'b' } }],
      ['CreateKey', { Tags: [{ TagKey: 1, TagValue: 'b' }] }],
      ['CreateKey', { Description: null, KeyUsage: 5 }],
    ];
    for (const [op, body] of cases) isError(await call(op, body), 'SerializationException');
  });

  test('missing required members are ValidationException naming the member as AWS does', async () => {
    isError(await call('Encrypt', { Plaintext: b64('x') }), 'ValidationException', 400,
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    isError(await call('DescribeKey', {}), 'ValidationException', 400,
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    isError(await call('DescribeKey', { KeyId: null }), 'ValidationException', 400, /Value null at 'keyId'/);
    isError(await call('Decrypt', {}), 'ValidationException', 400,
      "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    const both = await call('Encrypt', {});
    isError(both, 'ValidationException', 400, /^2 validation errors detected: /);
    assert.match(both.json.message, /'keyId'/);
    assert.match(both.json.message, /'plaintext'/);
    isError(await call('CreateAlias', { TargetKeyId: keyA }), 'ValidationException', 400, /Value null at 'aliasName'/);
    isError(await call('TagResource', { KeyId: keyA }), 'ValidationException', 400, /Value null at 'tags'/);
    isError(await call('GenerateRandom', {}), 'ValidationException', 400, /Value null at 'numberOfBytes'/);
  });

  test('oversize and undersize members are ValidationException', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['Encrypt', { KeyId: keyA, Plaintext: b64(Buffer.alloc(4097, 1)) }, /'plaintext'.*less than or equal to 4096/],
      ['Encrypt', { KeyId: keyA, Plaintext: '' }, /'plaintext'.*greater than or equal to 1/],
      ['CreateKey', { Description: 'd'.repeat(8193) }, /'description'.*less than or equal to 8192/],
      ['ListKeys', { Limit: 1001 }, /'limit'.*less than or equal to 1000/],
      ['ListKeys', { Limit: 0 }, /'limit'.*greater than or equal to 1/],
      ['ListAliases', { Limit: 1001 }, /'limit'/],
      ['GenerateRandom', { NumberOfBytes: 1025 }, /'numberOfBytes'.*less than or equal to 1024/],
      ['GenerateRandom', { NumberOfBytes: 0 }, /'numberOfBytes'.*greater than or equal to 1/],
      ['GenerateDataKey', { KeyId: keyA, NumberOfBytes: 1025 }, /'numberOfBytes'/],
      ['GenerateDataKeyWithoutPlaintext', { KeyId: keyA, NumberOfBytes: 0 }, /'numberOfBytes'/],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), GrantTokens: Array(11).fill('t') }, /'grantTokens'.*less than or equal to 10/],
      ['Decrypt', { CiphertextBlob: b64(Buffer.alloc(6145, 1)) }, /'ciphertextBlob'.*less than or equal to 6144/],
      ['DescribeKey', { KeyId: 'k'.repeat(2049) }, /'keyId'.*less than or equal to 2048/],
      ['DescribeKey', { KeyId: '' }, /'keyId'.*greater than or equal to 1/],
      ['ListKeys', { Marker: 'm'.repeat(1025) }, /'marker'/],
    ];
    for (const [op, body, msg] of cases) isError(await call(op, body), 'ValidationException', 400, msg);
  });

  test('bad enum values are ValidationException listing the allowed values', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['CreateKey', { KeyUsage: 'ENCRYPT' }, /'keyUsage'.*enum value set.*ENCRYPT_DECRYPT/],
      ['CreateKey', { KeySpec: 'AES_256' }, /'keySpec'.*enum value set/],
      ['CreateKey', { Origin: 'SOMEWHERE' }, /'origin'.*enum value set/],
      ['GenerateDataKey', { KeyId: keyA, KeySpec: 'AES_512' }, /'keySpec'.*enum value set/],
      ['Encrypt', { KeyId: keyA, Plaintext: b64('x'), EncryptionAlgorithm: 'AES_GCM' }, /'encryptionAlgorithm'.*SYMMETRIC_DEFAULT/],
      ['Decrypt', { CiphertextBlob: b64('xxxx'), EncryptionAlgorithm: 'symmetric_default' }, /'encryptionAlgorithm'/],
    ];
    for (const [op, body, msg] of cases) isError(await call(op, body), 'ValidationException', 400, msg);
  });

  test('garbage base64 in blobs is SerializationException', async () => {
    for (const bad of ['***', 'a', 'aGk=x', '====', 'a GVsbG8=', 'aGVsbG8=!', '€€€€']) {
      isError(await call('Encrypt', { KeyId: keyA, Plaintext: bad }), 'SerializationException');
      isError(await call('Decrypt', { CiphertextBlob: bad }), 'SerializationException');
    }
  });

  test('unknown targets are UnknownOperationException; real KMS operations not built yet are UnsupportedOperationException', async () => {
    for (const target of ['TrentService.NoSuchOperation', 'TrentService.', 'TrentService.listkeys', 'OtherService.ListKeys', 'ListKeys']) {
      isError(await call('ListKeys', {}, { target }), 'UnknownOperationException');
    }
    isError(await call('ListKeys', {}, { target: null }), 'UnknownOperationException');
    // Multi-Region keys are not a Trent feature (CreateKey refuses MultiRegion), so this one stays unimplemented.
    isError(await call('UpdatePrimaryRegion', { KeyId: keyA, PrimaryRegion: 'us-west-2' }), 'UnsupportedOperationException');
  });

  test('every operation of the KMS model answers an empty body without a fault', async () => {
    const model = JSON.parse(readFileSync(join(REPO, 'packages/server/src/api/model.json'), 'utf8')) as { operations: Record<string, unknown> };
    const names = Object.keys(model.operations);
    assert.ok(names.length > 50);
    for (const op of names) {
      const r = await call(op, {});
      if (r.status !== 200) {
        assert.equal(typeof r.json?.__type, 'string', `${op}: ${r.text}`);
        assert.equal(typeof r.json?.message, 'string', `${op}: ${r.text}`);
      }
    }
  });

  test('a body over 1 MiB is 413, and the server keeps serving', async () => {
    const huge = JSON.stringify({ KeyId: keyA, Plaintext: 'A'.repeat(1024 * 1024 + 4) });
    isError(await call('Encrypt', huge), 'RequestEntityTooLargeException', 413);
    assert.equal((await call('ListKeys', {})).status, 200);
    // Just under the limit is read and validated normally.
    const big = JSON.stringify({ KeyId: keyA, Plaintext: 'A'.repeat(1000 * 1024) });
    isError(await call('Encrypt', big), 'ValidationException', 400, /'plaintext'/);
  });

  test('a client that hangs up mid-body, or sends broken chunked encoding, is no server fault', async () => {
    const port = Number(new URL(t.endpoint).port);
    /** Writes raw bytes on a fresh connection, waits, hangs up; returns what the server sent. */
    const rawSocket = (bytes: string, waitMs: number) => new Promise<string>((resolve, reject) => {
      let got = '';
      const s = connect(port, '127.0.0.1', () => s.write(bytes));
      s.on('data', (d) => { got += d.toString('latin1'); });
      s.on('error', reject);
      setTimeout(() => { s.destroy(); resolve(got); }, waitMs);
    });
    const head = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Type: application/x-amz-json-1.1\r\n';
    await rawSocket(`${head}Content-Length: 1000\r\n\r\n{"Limit": 1`, 150);
    const chunked = await rawSocket(`${head}Transfer-Encoding: chunked\r\n\r\nZZ\r\nnot a chunk\r\n`, 150);
    assert.match(chunked, /^HTTP\/1\.1 4\d\d /, 'broken framing is a 4xx');
    assert.equal((await call('ListKeys', {})).status, 200);
  });

  test('tampered ciphertexts are InvalidCiphertextException (NotFoundException for a key id that names no key)', async () => {
    const blob = await encrypt('tamper me, please');
    const body = [REGIONS.iv[1], blob.length - 16];
    const tag = [blob.length - 16, blob.length];
    const regions: [string, number, number][] = [
      ...Object.entries(REGIONS).map(([n, [s, e]]) => [n, s, e] as [string, number, number]),
      ['body', body[0]!, body[1]!], ['tag', tag[0]!, tag[1]!],
    ];
    // The untouched blob decrypts, so every failure below is the tamper's doing.
    assert.equal(Buffer.from((await okCall('Decrypt', { CiphertextBlob: b64(blob) })).Plaintext, 'base64').toString(), 'tamper me, please');
    for (const [name, start, end] of regions) {
      for (const i of new Set([start, Math.floor((start + end) / 2), end - 1])) {
        for (const mask of [0x01, 0x80]) {
          const bad = Buffer.from(blob);
          bad[i]! ^= mask;
          const r = await call('Decrypt', { CiphertextBlob: b64(bad) });
          if (name === 'keyId') {
            assert.ok(['InvalidCiphertextException', 'NotFoundException'].includes(r.json?.__type), `${name}[${i}]: ${r.text}`);
            isError(r, r.json.__type);
          } else isError(r, 'InvalidCiphertextException', 400, undefined);
        }
      }
    }
    // A key id changed to another existing key of the account: that key has no such material.
    const moved = Buffer.from(blob);
    Buffer.from(keyB.replace(/-/g, ''), 'hex').copy(moved, 1);
    isError(await call('Decrypt', { CiphertextBlob: b64(moved) }), 'InvalidCiphertextException');
    // One byte appended.
    isError(await call('Decrypt', { CiphertextBlob: b64(Buffer.concat([blob, Buffer.from([0])])) }), 'InvalidCiphertextException');
    // ReEncrypt opens blobs the same way.
    const bad = Buffer.from(blob);
    bad[bad.length - 1]! ^= 1;
    isError(await call('ReEncrypt', { CiphertextBlob: b64(bad), DestinationKeyId: keyB }), 'InvalidCiphertextException');
  });

  test('truncated ciphertexts of every length are InvalidCiphertextException (empty: ValidationException)', async () => {
    const blob = await encrypt('truncate me');
    isError(await call('Decrypt', { CiphertextBlob: '' }), 'ValidationException', 400, /'ciphertextBlob'/);
    for (let len = 1; len < blob.length; len++) {
      isError(await call('Decrypt', { CiphertextBlob: b64(blob.subarray(0, len)) }), 'InvalidCiphertextException');
    }
    // Cut from the front too.
    for (const cut of [1, 17, 49, 77]) {
      isError(await call('Decrypt', { CiphertextBlob: b64(blob.subarray(cut)) }), 'InvalidCiphertextException');
    }
  });

  test('a wrong or missing encryption context is InvalidCiphertextException', async () => {
    const ctx = { purpose: 'test', 'user id': 'ü-42' };
    const blob = await encrypt('bound to a context', ctx);
    const good = await okCall('Decrypt', { CiphertextBlob: b64(blob), EncryptionContext: { 'user id': 'ü-42', purpose: 'test' } });
    assert.equal(Buffer.from(good.Plaintext, 'base64').toString(), 'bound to a context');
    for (const wrong of [undefined, {}, { purpose: 'test' }, { ...ctx, extra: 'x' }, { purpose: 'Test', 'user id': 'ü-42' }, { Purpose: 'test', 'user id': 'ü-42' }, { purpose: 'test', 'user id': 'u-42' }]) {
      isError(await call('Decrypt', { CiphertextBlob: b64(blob), ...(wrong ? { EncryptionContext: wrong } : {}) }), 'InvalidCiphertextException');
    }
    const plain = await encrypt('no context');
    isError(await call('Decrypt', { CiphertextBlob: b64(plain), EncryptionContext: { a: 'b' } }), 'InvalidCiphertextException');
  });

  test('encryption context keys that are JavaScript property names are bound like any other', async () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const context = JSON.parse(`{"${key}": "v"}`) as Record<string, string>;
      const blob = await encrypt('odd keys', context);
      isError(await call('Decrypt', { CiphertextBlob: b64(blob) }), 'InvalidCiphertextException', 400, undefined);
      isError(await call('Decrypt', { CiphertextBlob: b64(blob), EncryptionContext: { [`${key}x`]: 'v' } }), 'InvalidCiphertextException');
      const r = await call('Decrypt', { CiphertextBlob: b64(blob), EncryptionContext: context });
      assert.equal(r.status, 200, `${key}: ${r.text}`);
      assert.equal(Buffer.from(r.json.Plaintext, 'base64').toString(), 'odd keys');
    }
  });

  test('Decrypt with the KeyId of another key is IncorrectKeyException; of the right key in any form, success', async () => {
    const blob = b64(await encrypt('which key?'));
    isError(await call('Decrypt', { CiphertextBlob: blob, KeyId: keyB }), 'IncorrectKeyException');
    for (const id of [keyA, arnA, 'alias/bad-input-a', `arn:aws:kms:${t.region}:${t.accountId}:alias/bad-input-a`]) {
      const r = await okCall('Decrypt', { CiphertextBlob: blob, KeyId: id });
      assert.equal(r.KeyId, arnA);
    }
    isError(await call('Decrypt', { CiphertextBlob: blob, KeyId: '11111111-2222-3333-4444-555555555555' }), 'NotFoundException');
    isError(await call('Decrypt', { CiphertextBlob: blob, KeyId: 'alias/no-such-alias' }), 'NotFoundException');
  });

  test('KeyId in all four forms for Encrypt and DescribeKey; names of nothing are NotFoundException', async () => {
    const aliasArn = `arn:aws:kms:${t.region}:${t.accountId}:alias/bad-input-a`;
    for (const id of [keyA, arnA, 'alias/bad-input-a', aliasArn]) {
      const e = await okCall('Encrypt', { KeyId: id, Plaintext: b64('four forms') });
      assert.equal(e.KeyId, arnA, id);
      const d = await okCall('DescribeKey', { KeyId: id });
      assert.equal(d.KeyMetadata.KeyId, keyA, id);
      assert.equal(d.KeyMetadata.Arn, arnA, id);
    }
    const none = '11111111-2222-3333-4444-555555555555';
    const missing = [
      none, `arn:aws:kms:${t.region}:${t.accountId}:key/${none}`, 'alias/nothing-here', `arn:aws:kms:${t.region}:${t.accountId}:alias/nothing-here`,
      'not-a-key-id', `arn:aws:kms:eu-west-3:${t.accountId}:key/${keyA}`, keyA.toUpperCase(), ` ${keyA}`,
      // Trent's keys live in the aws partition: the same key id under another partition names nothing.
      `arn:aws-cn:kms:${t.region}:${t.accountId}:key/${keyA}`, `arn:aws-us-gov:kms:${t.region}:${t.accountId}:alias/bad-input-a`,
    ];
    for (const id of missing) {
      isError(await call('DescribeKey', { KeyId: id }), 'NotFoundException');
      isError(await call('Encrypt', { KeyId: id, Plaintext: b64('x') }), 'NotFoundException');
    }
  });

  test('bad input in parallel: every answer still an AWS error, good requests among them still served', async () => {
    const blob = b64(await encrypt('parallel'));
    const mixed: [string, unknown, string][] = [
      ['Decrypt', '{bad', 'SerializationException'],
      ['Decrypt', { CiphertextBlob: b64(Buffer.alloc(120, 7)) }, 'InvalidCiphertextException'],
      ['Encrypt', { KeyId: keyA }, 'ValidationException'],
      ['DescribeKey', { KeyId: 'alias/none' }, 'NotFoundException'],
      ['Decrypt', { CiphertextBlob: blob }, ''],
    ];
    const all = await Promise.all(Array.from({ length: 150 }, (_, i) => {
      const [op, body, type] = mixed[i % mixed.length]!;
      return call(op, body).then((r) => ({ r, type }));
    }));
    for (const { r, type } of all) {
      if (type) isError(r, type);
      else assert.equal(Buffer.from(r.json.Plaintext, 'base64').toString(), 'parallel');
    }
  });

  test('afterwards the server still serves, every answer was an AWS answer, and the log has no fault or stack', async () => {
    const list = await okCall('ListKeys', {});
    assert.ok(list.Keys.some((k: { KeyId: string }) => k.KeyId === keyA));
    assert.ok(seen.length > 200, `${seen.length} requests`);
    for (const { what, r } of seen) {
      assert.ok(r.status < 500, `${what}: ${r.status}`);
      assert.ok(r.headers['x-amzn-requestid'], `${what}: x-amzn-RequestId`);
      assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1', what);
      if (r.status !== 200) {
        assert.deepEqual(Object.keys(r.json ?? {}).sort(), ['__type', 'message'], `${what}: ${r.text}`);
        assert.ok(!/\n\s+at /.test(r.json.message), `${what}: stack in message`);
      }
    }
    await t.stop(); // flushes the log
    const log = readFileSync(t.logFile, 'utf8');
    assert.ok(log.length > 0);
    assert.ok(!log.includes('KMSInternalException'), 'no KMSInternalException in the log');
    assert.ok(!log.includes('internal error'), 'no internal error in the log');
    assert.ok(!/\n\s+at .+:\d+:\d+\)?/.test(log) && !/\\n\s+at /.test(log), 'no stack trace in the log');
  });
});
