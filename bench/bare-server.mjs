/**
 * The ceiling of Node's HTTP stack on this machine: reads the whole body and answers a small JSON,
 * nothing else. Runs as a node:cluster of WORKERS processes, like Trent.
 * Usage: node bench/bare-server.mjs PORT WORKERS
 */
import { serveBaseline } from './baseline-cluster.mjs';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4800);
const workers = Number(process.argv[3] ?? 1);
const reply = JSON.stringify({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000', ok: true });

function makeServer() {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
}

serveBaseline(port, workers, makeServer);
