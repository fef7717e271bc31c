/**
 * `trent serve`: one process, or a node:cluster primary with TRENT_WORKERS workers sharing the port.
 * SIGTERM drains in-flight requests, stops the scheduler and closes the store.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createContext, openParts } from './app.js';
import { localBus, relayInvalidations, workerBus } from './bus.js';
import type { Config } from './config.js';
import { createHandler } from './api/server.js';
import { createLogger } from './log.js';
import { startScheduler } from './scheduler.js';
import { metricsPrimary, metricsWorker } from './metrics.js';
import { trackForDrain } from './drain.js';

function listen(config: Config, handler: ReturnType<typeof createHandler>): Promise<Server> {
  const server = config.tlsCert && config.tlsKey
    ? createHttps({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, handler)
    : createHttp(handler);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
}

/** Runs one serving process (the only one, or a cluster worker). */
async function serveProcess(config: Config, inCluster: boolean): Promise<void> {
  // A stop asked for while starting is carried out once started: even a short-lived worker closes its audit chain.
  let shutdown: (() => Promise<void>) | undefined;
  let stopAsked = false;
  const onStop = () => { if (shutdown) void shutdown(); else stopAsked = true; };
  process.once('SIGTERM', onStop);
  process.once('SIGINT', onStop);
  const log = createLogger(config.logLevel);
  if (inCluster) metricsWorker();
  const ctx = await createContext(config, log, inCluster ? workerBus : localBus);
  let draining = false;
  const handler = createHandler(ctx);
  // While draining, every answer closes its connection, so keep-alive clients move on cleanly.
  const server = await listen(config, (req, res) => { if (draining) res.setHeader('connection', 'close'); handler(req, res); });
  const drain = trackForDrain(server);
  const runsScheduler = !inCluster || cluster.worker?.id === 1;
  const stopScheduler = runsScheduler ? startScheduler(ctx, config.schedulerIntervalMs) : async () => {};
  shutdown = async () => {
    draining = true;
    await drain();
    await stopScheduler();
    await ctx.audit.close(); // the last events (and whatever its close hooks add) before the store goes
    await ctx.store.close();
    ctx.keyring.destroy();
    log.flush();
    process.exit(0);
  };
  if (stopAsked) void shutdown();
  if (!inCluster) announce(config);
}

function announce(config: Config): void {
  const scheme = config.tlsCert ? 'https' : 'http';
  const url = `${scheme}://${config.host}:${config.port}`;
  process.stderr.write(`Trent is listening on ${url} (data in ${config.dataDir})\n` +
    `Try it with the AWS CLI:\n  AWS_SHARED_CREDENTIALS_FILE=${config.dataDir}/credentials aws kms list-keys --endpoint-url ${url} --region ${config.regions[0]}\n`);
}

/**
 * V8 flags for the serving workers, unless the operator gave their own: a 64 MiB young generation
 * semi-space. Every call allocates short-lived buffers and strings (a body, its base64, the reply,
 * the audit record); with V8's default (16 MiB) the scavenger runs ~4× as often, each run costing
 * about the same, since only survivors are copied: Encrypt 4 KiB at concurrency 64 gains ~10%.
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = (flag: string) => [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.replace(/_/g, '-').startsWith(flag));
  return given('--max-semi-space-size') ? [...execArgv] : [...execArgv, '--max-semi-space-size=64'];
}

/** Starts Trent: in the primary, prepares the data directory then forks workers; in a worker, serves. */
export async function serve(config: Config): Promise<void> {
  if (config.workers <= 1) return serveProcess(config, false);
  if (cluster.isWorker) return serveProcess(config, true);
  const parts = await openParts(config); // migrations, keyring and first start happen once, before any worker
  await parts.store.close();
  parts.keyring.destroy();
  relayInvalidations();
  metricsPrimary();
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  let stopping = false;
  let ready = 0;
  const fork = () => cluster.fork().on('listening', () => { if (++ready === config.workers) announce(config); });
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (w, code) => { if (!stopping) { process.stderr.write(`worker ${w.id} exited (${code}); starting another\n`); fork(); } });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    cluster.on('exit', () => { if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0); });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
