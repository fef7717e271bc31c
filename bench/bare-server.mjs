/**
 * The ceiling of Node's HTTP stack on this machine: reads the whole body and answers a small JSON,
 * nothing else. Runs as a node:cluster of WORKERS processes, like Trent.
 * Usage: node bench/bare-server.mjs PORT WORKERS
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4800);
const workers = Number(process.argv[3] ?? 1);
const reply = JSON.stringify({ KeyId: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000', ok: true });

function serve() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => (cluster.isWorker ? process.send('listening') : console.log('ready')));
}

if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) cluster.fork().on('message', (m) => { if (m === 'listening' && ++ready === workers) console.log('ready'); });
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
} else {
  serve();
}
