/**
 * The process model of the baseline servers (bench/bare-server.mjs, bench/floor-server.mjs): like
 * Trent, a node:cluster of `workers` processes sharing the port (one process when 1). Prints
 * `ready` once every worker listens.
 */
import cluster from 'node:cluster';

/** Runs `makeServer()` (a node:http server) on 127.0.0.1:`port` in each worker. */
export function serveBaseline(port, workers, makeServer) {
  if (workers > 1 && cluster.isPrimary) {
    let ready = 0;
    for (let i = 0; i < workers; i++) cluster.fork().on('message', (m) => { if (m === 'listening' && ++ready === workers) console.log('ready'); });
    process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
    return;
  }
  const server = makeServer();
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => (cluster.isWorker ? process.send('listening') : console.log('ready')));
}
