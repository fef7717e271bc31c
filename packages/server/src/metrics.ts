/**
 * Prometheus metrics (`GET /metrics`, prom-client): requests by operation and outcome, request and
 * store latency, key-cache hits, audit group commits. Hot paths only bump pre-bound counters. With several workers, the
 * worker answering a scrape asks the primary, which aggregates every worker's registry.
 */
import cluster from 'node:cluster';
import type { ServerResponse } from 'node:http';
import client from 'prom-client';

const registry = client.register;
client.collectDefaultMetrics({ register: registry });

const requests = new client.Counter({
  name: 'trent_requests_total', help: 'Requests by operation and outcome (ok or the AWS error name).', labelNames: ['operation', 'outcome'] as const,
});
const latency = new client.Histogram({
  name: 'trent_request_duration_seconds', help: 'Request latency by operation.', labelNames: ['operation'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});
const storeLatency = new client.Histogram({
  name: 'trent_store_query_duration_seconds', help: 'Latency of store queries.', labelNames: ['outcome'] as const,
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
});
const cacheLookups = new client.Counter({ name: 'trent_key_cache_lookups_total', help: 'Key cache lookups by result.', labelNames: ['result'] as const });
const cacheResults = { hit: cacheLookups.labels('hit'), miss: cacheLookups.labels('miss'), joined: cacheLookups.labels('joined') };
const storeOk = storeLatency.labels('ok');
let auditDepth: () => number = () => 0;
new client.Gauge({
  name: 'trent_audit_queue_depth', help: 'Audit events waiting for their group commit.',
  collect() { this.set(auditDepth()); },
});
const auditBatch = new client.Histogram({
  name: 'trent_audit_commit_batch_size', help: 'Audit events per group commit.', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048],
});
const auditCommit = new client.Histogram({
  name: 'trent_audit_commit_duration_seconds', help: 'Latency of audit group commits.', labelNames: ['outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
});
const auditCommitOk = auditCommit.labels('ok');
const auditCommitError = auditCommit.labels('error');
const storeError = storeLatency.labels('error');

/** Records one finished request. */
export function observeRequest(operation: string, outcome: string, seconds: number): void {
  requests.labels(operation, outcome).inc();
  latency.labels(operation).observe(seconds);
}

/** Records one key-cache lookup. */
export function observeCache(result: 'hit' | 'miss' | 'joined'): void {
  cacheResults[result].inc();
}

/** Names the function the audit queue depth gauge reads at scrape time. */
export function auditQueueDepth(read: () => number): void {
  auditDepth = read;
}

/** Records one audit group commit: its size, how long it took, and whether it committed. */
export function observeAuditCommit(events: number, seconds: number, ok: boolean): void {
  if (ok) auditBatch.observe(events);
  (ok ? auditCommitOk : auditCommitError).observe(seconds);
}

/** Kysely's `log` hook: the duration of every store query. */
export function observeQuery(event: { level: 'query' | 'error'; queryDurationMillis: number }): void {
  (event.level === 'query' ? storeOk : storeError).observe(event.queryDurationMillis / 1000);
}

type MetricsMsg = { t: 'metrics?'; id: number } | { t: 'metrics'; id: number; text: string };
let nextId = 0;
const waiting = new Map<number, (text: string) => void>();

/** This process's metrics, or (in a cluster worker) every worker's, aggregated by the primary. */
async function collect(): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = ++nextId;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    process.send!({ t: 'metrics?', id } satisfies MetricsMsg);
  });
}

/** Answers `GET /metrics`. */
export async function serveMetrics(res: ServerResponse): Promise<void> {
  const body = await collect();
  res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** In a worker: answers the primary's aggregation requests and receives aggregated text. */
export function metricsWorker(): void {
  new client.AggregatorRegistry(); // registers prom-client's reply-to-primary listener
  process.on('message', (m: MetricsMsg) => {
    if (m?.t === 'metrics') { waiting.get(m.id)?.(m.text); waiting.delete(m.id); }
  });
}

/** In the primary: aggregates every worker's metrics for the worker that was scraped. */
export function metricsPrimary(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on('message', (worker, m: MetricsMsg) => {
    if (m?.t !== 'metrics?') return;
    aggregator.clusterMetrics()
      .then((text) => worker.send({ t: 'metrics', id: m.id, text } satisfies MetricsMsg))
      .catch((err: Error) => worker.send({ t: 'metrics', id: m.id, text: `# aggregation failed: ${err.message}\n` } satisfies MetricsMsg));
  });
}
