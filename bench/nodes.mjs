/**
 * `npm run bench -- --nodes 1,2,3`: sizing figures for several Trent nodes on one PostgreSQL database.
 * For each node count N it runs N Trent processes (TRENT_WORKERS=1 each, a fresh database) and, as
 * the baseline in the same run, N bare Node processes; one wrk per process shares concurrency 64.
 * Scenarios: Encrypt 4 KiB, Decrypt 4 KiB, GenerateDataKey, DescribeKey (cached reads) and
 * UpdateAlias (a committed write and a NOTIFY to every node). Writes the "Nodes" section of
 * bench/RESULTS.md. Flags: --nodes LIST, --duration S, --rounds R, --only TEXT.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarios } from './scenarios.mjs';
import { callKms, signKms } from './sign.mjs';
import { ensureWrk, runWrk } from './wrk.mjs';
import { combine, fmt, freePort, machine, nodesSection, ratio, readCredentials, sleep, splitResults, start, stopAll, treeCpuMs, waitFor } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const counts = opt('--nodes', '1,2,3').split(',').map(Number).filter((n) => n >= 1);
const seconds = Number(opt('--duration', 6));
const rounds = Number(opt('--rounds', 2));
const only = opt('--only', '');
const CONCURRENCY = 64;
const log = (m) => process.stderr.write(`[bench nodes] ${m}\n`);
const { createTestDatabase } = await import('../packages/server/dist/store/pg-test-db.js');

const pick = (name) => scenarios.find((s) => s.name === name);
const SCENARIOS = [
  pick('Encrypt 4 KiB c=64'), pick('Decrypt 4 KiB c=64'), pick('GenerateDataKey AES_256 c=64'),
  { name: 'DescribeKey c=64', op: 'DescribeKey', body: (f) => [{ KeyId: f.keyId }] },
  // Each connection alternates the alias between two keys: every request commits a change and notifies every node.
  { name: 'UpdateAlias c=64', op: 'UpdateAlias', body: (f) => [{ AliasName: f.alias, TargetKeyId: f.otherKeyId }, { AliasName: f.alias, TargetKeyId: f.keyId }] },
].filter((s) => s.name.includes(only));

/** Starts node number `i` (a fresh data directory holding the first node's root key). */
async function startNode(dir, i, dbUrl, first) {
  const port = freePort(47000 + 1000 * i);
  const dataDir = join(dir, `node${i}`);
  mkdirSync(dataDir, { recursive: true });
  if (first) copyFileSync(join(first.dataDir, 'root.key'), join(dataDir, 'root.key'));
  const proc = start(process.execPath, [join(ROOT, 'packages/cli/dist/main.js'), 'serve'],
    { TRENT_DATA_DIR: dataDir, TRENT_PORT: String(port), TRENT_WORKERS: '1', TRENT_HOST: '127.0.0.1', TRENT_DATABASE_URL: dbUrl }, join(dir, `node${i}.log`));
  await waitFor(`Trent node ${i}`, async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200);
  return { name: `node${i}`, pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', dataDir, credentials: readCredentials(join(dataDir, 'credentials')) };
}

async function startBare(dir, i) {
  const port = freePort(52000 + 1000 * i);
  const proc = start(process.execPath, [join(ROOT, 'bench/bare-server.mjs'), String(port), '1'], {}, join(dir, `bare${i}.log`));
  await waitFor('bare Node server', async () => (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' })).status === 200);
  return { name: `bare${i}`, pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', credentials: { accessKeyId: 'AKIABENCHBARE0000000', secretAccessKey: 'bare' } };
}

/** Two keys, an alias and a 4 KiB ciphertext, made through the first node (all nodes share them). */
async function fixture(node) {
  const keyId = (await callKms(node, 'CreateKey', { Description: 'bench nodes' })).KeyMetadata.KeyId;
  const otherKeyId = (await callKms(node, 'CreateKey', { Description: 'bench nodes 2' })).KeyMetadata.KeyId;
  const alias = 'alias/bench-nodes';
  await callKms(node, 'CreateAlias', { AliasName: alias, TargetKeyId: keyId });
  const { CiphertextBlob } = await callKms(node, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.alloc(4096, 0x61).toString('base64') });
  return { keyId, otherKeyId, alias, ciphertext4k: CiphertextBlob };
}

/** The scenario's signed requests for one process (each is sent once and must succeed, except on bare). */
async function requests(target, s, f) {
  const bodies = s.body(f);
  const list = Array.isArray(bodies) ? bodies : [bodies];
  const raws = [];
  for (const input of list) {
    if (!target.name.startsWith('bare')) await callKms(target, s.op, input);
    raws.push((await signKms(target, s.op, input)).raw);
  }
  return raws;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineJiffies() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU ms of every PostgreSQL server process on this machine (other databases' work included). */
function postgresCpuMs() {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.split(') ')[1].split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch { /* exited */ }
  }
  return ms;
}

/** One slice: a wrk per process at once, concurrency 64 split between them. */
async function slice(group, s, f) {
  const raws = await Promise.all(group.map((t) => requests(t, s, f)));
  const cpu0 = group.reduce((n, t) => n + treeCpuMs(t.pid), 0);
  const pg0 = postgresCpuMs();
  const m0 = machineJiffies();
  const parts = await Promise.all(group.map((t, i) => runWrk({
    port: t.port, raws: raws[i], seconds: seconds / rounds,
    concurrency: Math.floor(CONCURRENCY / group.length) + (i < CONCURRENCY % group.length ? 1 : 0),
  })));
  const m1 = machineJiffies();
  const requestsDone = parts.reduce((n, p) => n + p.requests, 0);
  const secs = Math.max(...parts.map((p) => p.requests / p.rps));
  return {
    rps: requestsDone / secs, requests: requestsDone, errors: parts.reduce((n, p) => n + p.errors, 0),
    p50: parts.reduce((n, p) => n + p.p50 * p.requests, 0) / requestsDone, p99: Math.max(...parts.map((p) => p.p99)),
    cpuMs: group.reduce((n, t) => n + treeCpuMs(t.pid), 0) - cpu0, pgMs: postgresCpuMs() - pg0,
    busy: (m1.busy - m0.busy) / (m1.total - m0.total),
  };
}

function table(rows) {
  const head = ['Scenario', 'nodes', 'Trent req/s', 'Trent p50 ms', 'Trent p99 ms', 'bare req/s', 'bare p99 ms', 'Trent/bare', 'vs 1 node',
    'Trent CPU µs/req', 'PostgreSQL CPU µs/req', 'machine busy'];
  const body = rows.map((r) => [r.name, r.nodes, fmt(r.trent.rps), fmt(r.trent.p50, 2), fmt(r.trent.p99, 2), fmt(r.bare.rps), fmt(r.bare.p99, 2),
    ratio(r.trent.rps, r.bare.rps), ratio(r.trent.rps, r.one?.rps), fmt(r.trent.cpuUs), fmt(r.trent.pgUs), `${fmt(r.trent.busy * 100)}%`]);
  return [head, head.map(() => '---'), ...body].map((c) => `| ${c.join(' | ')} |`).join('\n');
}

/** Replaces (or appends) the nodes section of bench/RESULTS.md, leaving the rest as run.mjs wrote it. */
function writeSection(md) {
  const file = join(ROOT, 'bench/RESULTS.md');
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { /* first run */ }
  writeFileSync(file, `${splitResults(text).main.trimEnd()}\n\n${nodesSection(md)}`);
}

async function main() {
  if (!ensureWrk(log)) throw new Error('the nodes bench needs wrk (several load generators at once)');
  const dir = mkdtempSync(join(tmpdir(), 'trent-bench-nodes-'));
  const db = await createTestDatabase();
  const t0 = Date.now();
  const load0 = loadavg();
  try {
    const max = Math.max(...counts);
    log(`nodes ${counts.join(', ')}; ${seconds} s per scenario and target in ${rounds} round(s); database ${db.name}`);
    const nodes = [await startNode(dir, 0, db.url)];
    const bares = [await startBare(dir, 0)];
    const f = await fixture(nodes[0]);
    const rows = [];
    for (const n of counts) {
      while (nodes.length < n) nodes.push(await startNode(dir, nodes.length, db.url, nodes[0]));
      while (bares.length < n) bares.push(await startBare(dir, bares.length));
      const group = { trent: nodes.slice(0, n), bare: bares.slice(0, n) };
      await slice(group.trent, SCENARIOS[0], f); // warm-up of new nodes (caches, JIT)
      for (const [i, s] of SCENARIOS.entries()) {
        const parts = { trent: [], bare: [] };
        for (let r = 0; r < rounds; r++) {
          for (const name of (r + i) % 2 ? ['bare', 'trent'] : ['trent', 'bare']) parts[name].push(await slice(group[name], s, f));
        }
        const trent = { ...combine(parts.trent), pgUs: parts.trent.reduce((a, p) => a + p.pgMs, 0) * 1000 / parts.trent.reduce((a, p) => a + p.requests, 0),
          busy: parts.trent.reduce((a, p) => a + p.busy, 0) / rounds };
        const row = { name: s.name, nodes: n, trent, bare: combine(parts.bare), one: rows.find((x) => x.name === s.name && x.nodes === counts[0])?.trent };
        if (trent.errors || row.bare.errors) log(`${s.name} with ${n} node(s): ${trent.errors} Trent errors, ${row.bare.errors} bare errors`);
        log(`${s.name} × ${n}: Trent ${fmt(trent.rps)} req/s p50 ${fmt(trent.p50, 2)} p99 ${fmt(trent.p99, 2)} ms | bare ${fmt(row.bare.rps)} | busy ${fmt(trent.busy * 100)}%`);
        rows.push(row);
      }
    }
    const m = machine();
    const out = table(rows);
    console.log(`\n${out}\n`);
    writeSection(`## Several nodes on one PostgreSQL\n\n` +
      `Produced by \`npm run bench -- --nodes ${counts.join(',')}\` on ${m.date}; whole run ${Math.round((Date.now() - t0) / 1000)} s.\n\n` +
      `- Machine: \`nproc\` = ${m.nproc}, ${m.cpu}; Node ${m.node}; load average ${load0.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the start, ${loadavg()[0].toFixed(1)} (1 min) at the end\n` +
      `- Trent: N processes (\`TRENT_WORKERS=1\` each, up to ${max}) on one fresh PostgreSQL database on the same machine; baseline: N bare Node processes\n` +
      `- Load: one wrk per process, all at once, sharing ${CONCURRENCY} connections; ${seconds} s per scenario and target in ${rounds} interleaved round(s)\n` +
      `- \`PostgreSQL CPU µs/req\`: CPU of every postgres process on the machine during Trent's slices, per request; \`machine busy\`: all CPUs, from /proc/stat\n` +
      `- Errors during the run: ${rows.reduce((k, r) => k + r.trent.errors + r.bare.errors, 0)}\n\n${out}\n\n` +
      `Every node, the database and the load generators share this machine's ${m.nproc} CPUs. A node with \`TRENT_WORKERS=1\` uses at most\n` +
      `one CPU, so up to ${m.nproc} nodes gain CPUs; beyond that, with \`machine busy\` near 100%, more nodes only split the same CPU time,\n` +
      `and \`vs 1 node\` shows the cost of coordination, not the scaling that nodes on their own machines would give.\n` +
      `Reading the figures: docs/operations.md §9.\n\n`);
    log('wrote the nodes section of bench/RESULTS.md');
  } finally {
    stopAll();
    await sleep(500);
    await db.drop().catch((err) => log(`could not drop ${db.name}: ${err.message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => { log(`failed: ${err.stack ?? err}`); stopAll(); process.exit(1); });
