/**
 * Load with wrk (C, epoll): far lighter than a Node client on a 2-core machine, so the server under
 * test keeps nearly all the CPU. A generated Lua script replays the pre-signed raw requests verbatim
 * and prints the summary as JSON. wrk counts non-2xx/3xx answers as `errors.status`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Escapes a string as a Lua literal (Lua long brackets would turn CRLF into LF). */
function luaString(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n') + '"';
}

function script(raws) {
  return `local reqs = { ${raws.map(luaString).join(',\n')} }
local i = 0
request = function() i = i % #reqs + 1; return reqs[i] end
done = function(s, latency, requests)
  local e = s.errors
  io.write(string.format('\\nBENCH{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\\n',
    s.requests, s.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
`;
}

/** True when wrk is on PATH. */
export function haveWrk() {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Installs wrk from Debian when it is missing and we can; returns whether it is usable. */
export function ensureWrk(log) {
  if (haveWrk()) return true;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).error) return false;
  log('wrk not found: apt-get install -y wrk …');
  let r = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    r = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return haveWrk();
}

/**
 * Runs wrk against 127.0.0.1:port with `concurrency` connections (one wrk thread) for `seconds`.
 * @returns {Promise<{ rps: number, p50: number, p99: number, requests: number, errors: number }>} latencies in ms
 */
export async function runWrk({ port, raws, concurrency, seconds }) {
  const dir = mkdtempSync(join(tmpdir(), 'trent-wrk-'));
  try {
    const file = join(dir, 'req.lua');
    writeFileSync(file, script(raws));
    const args = ['-t', '1', '-c', String(concurrency), '-d', `${Math.max(1, Math.round(seconds))}s`, '--timeout', '10s', '-s', file, `http://127.0.0.1:${port}/`];
    const out = await new Promise((resolve, reject) => {
      const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      p.stdout.on('data', (c) => { text += c; });
      p.stderr.on('data', (c) => { text += c; });
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('BENCH'));
    if (!line) throw new Error(`wrk printed no summary: ${out}`);
    const s = JSON.parse(line.slice(5));
    return {
      rps: s.requests / (s.duration_us / 1e6), p50: s.p50_us / 1000, p99: s.p99_us / 1000, requests: s.requests,
      errors: s.status + s.connect + s.read + s.write + s.timeout,
    };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
