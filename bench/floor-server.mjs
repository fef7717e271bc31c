/**
 * The floor of an Encrypt in Node: only the work every Encrypt needs, done with Trent's own
 * primitives — read the body, verify SigV4 (parseCredential, checkClock, verifySignature), parse
 * the JSON, decode the plaintext, seal it (sealBlob: HKDF + AES-256-GCM) and answer the JSON reply.
 * No validation against the model, no authorization, no key lookup, no audit log, no logging or
 * metrics. Between bare Node (the HTTP stack alone) and Trent it shows what the work itself costs
 * and what Trent's pipeline adds to it. node:cluster of WORKERS processes, like Trent.
 * Usage: node bench/floor-server.mjs PORT WORKERS ACCESS_KEY_ID SECRET
 */
import { serveBaseline } from './baseline-cluster.mjs';
import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { checkClock, parseCredential, verifySignature } from '../packages/server/dist/auth/sigv4.js';
import { sealBlob } from '../packages/server/dist/crypto/blob.js';
import { toJsonText } from '../packages/server/dist/api/wire.js';

const [port, workers, accessKeyId, secret] = [Number(process.argv[2]), Number(process.argv[3] ?? 1), process.argv[4], process.argv[5]];
const NO_QUERY = new URLSearchParams();
const material = randomBytes(32);
const materialId = randomBytes(32).toString('hex');

function answer(res, status, body) {
  const text = toJsonText(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

function makeServer() {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        const signed = { method: req.method, url: req.url, rawHeaders: req.rawHeaders, body };
        const cred = parseCredential(signed, NO_QUERY);
        if (cred.accessKeyId !== accessKeyId) throw new Error('unknown access key');
        checkClock(cred, Date.now());
        verifySignature(signed, cred, secret);
        const input = JSON.parse(body.toString('utf8'));
        const plaintext = Buffer.from(input.Plaintext, 'base64');
        const arn = `arn:aws:kms:${cred.region}:111122223333:key/${input.KeyId}`;
        answer(res, 200, { CiphertextBlob: sealBlob(input.KeyId, materialId, material, plaintext), KeyId: arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      } catch (err) {
        answer(res, 400, { __type: 'ValidationException', message: String(err.message ?? err) });
      }
    });
  });
}

serveBaseline(port, workers, makeServer);
