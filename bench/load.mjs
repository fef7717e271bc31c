/**
 * Fallback load generator in plain Node (used only when wrk cannot be had): keep-alive sockets that
 * write the pre-signed raw request and read the answer by Content-Length, one request in flight
 * per connection. It costs the server a good part of a core on a 2-core machine, so its figures
 * are lower than wrk's; the results say which generator ran.
 */
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

/** Reads `Content-Length` from a response head (latin1 text), or 0. */
function contentLength(head) {
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return m ? Number(m[1]) : 0;
}

function connection(port, raws, stats, until) {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let sent = 0n;
    let n = 0;
    const sock = connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    const send = () => {
      if (Date.now() >= until) { sock.end(); return resolve(); }
      sent = process.hrtime.bigint();
      sock.write(raws[n++ % raws.length]);
    };
    sock.on('connect', send);
    sock.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf(HEAD_END);
        if (end < 0) return;
        const head = buf.toString('latin1', 0, end);
        const total = end + 4 + contentLength(head);
        if (buf.length < total) return;
        stats.lat.push(Number(process.hrtime.bigint() - sent) / 1e6);
        if (!head.startsWith('HTTP/1.1 200') && !head.startsWith('HTTP/1.0 200')) stats.errors++;
        buf = buf.subarray(total);
        if (/\r\nconnection:\s*close/i.test(head)) { sock.destroy(); return resolve(connection(port, raws, stats, until)); }
        send();
      }
    });
    sock.on('error', () => { stats.errors++; resolve(); });
  });
}

/** Same contract as runWrk: `raws` replayed round-robin on `concurrency` connections for `seconds`. */
export async function runNode({ port, raws, concurrency, seconds }) {
  const stats = { lat: [], errors: 0 };
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, () => connection(port, raws, stats, until)));
  const elapsed = (Date.now() - started) / 1000;
  const lat = stats.lat.sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : NaN);
  return { rps: lat.length / elapsed, p50: pct(50), p99: pct(99), requests: lat.length, errors: stats.errors };
}
