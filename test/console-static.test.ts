/**
 * GET /console/ over raw HTTP (paths sent as written, which a browser would normalise): the files and
 * their headers (CSP, nosniff, no-referrer, no-store HTML), the redirect, 404 for anything not in the
 * console's table (../ in every spelling), and that these GETs are not API calls.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startTrent, type Trent } from './helpers/trent.js';

let t: Trent;
// Two Regions, the article's first: the sign-in page's default is the first served.
before(async () => { t = await startTrent({ env: { TRENT_REGIONS: 'eu-west-1,us-east-1' } }); });
after(async () => { await t?.stop(); });

/** A GET with the path sent exactly as given (no URL normalisation, unlike a browser). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(t.endpoint);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on('error', reject).end();
  });
}

test('index, modules and CSS with their types, no-store HTML and the safe headers', async () => {
  const files: [string, RegExp][] = [['/console/', /^text\/html/], ['/console/main.js', /^text\/javascript/], ['/console/console.css', /^text\/css/], ['/console/config.json', /^application\/json/]];
  for (const [path, type] of files) {
    const r = await rawGet(path);
    assert.equal(r.status, 200, path);
    assert.match(String(r.headers['content-type']), type, path);
    assert.equal(r.headers['content-security-policy'], "default-src 'self'; frame-ancestors 'none'", path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
    assert.equal(r.headers['referrer-policy'], 'no-referrer', path);
  }
  const index = await rawGet('/console/');
  assert.equal(index.headers['cache-control'], 'no-store');
  assert.match(index.body, /<script type="module" src="main.js"><\/script>/);
  assert.doesNotMatch(index.body, /<script>|style=/, 'no inline script or style');
  assert.deepEqual(JSON.parse((await rawGet('/console/config.json')).body), { regions: ['eu-west-1', 'us-east-1'] });
});

test('/console redirects to /console/; unknown files and ../ paths are 404', async () => {
  for (const path of ['/console', '/console?from=bookmark']) {
    const r = await rawGet(path);
    assert.equal(r.status, 301, path);
    assert.equal(r.headers.location, '/console/', path);
  }
  assert.equal((await rawGet('/console/?x=1')).status, 200, 'a query string is ignored');
  for (const path of ['/console/nope.js', '/console/../package.json', '/console/..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json',
    '/console/../../packages/server/package.json', '/console/sigv4.d.ts', '/console//etc/passwd', '/console/main.js/']) {
    const res = await rawGet(path);
    assert.equal(res.status, 404, path);
    assert.equal(res.body, 'Not found\n', path);
  }
});

test('console GETs are not API calls: no request log line (and so no audit event), unlike a stray GET /', async () => {
  for (const path of ['/console', '/console/', '/console/main.js', '/console/nope']) await rawGet(path);
  assert.equal((await rawGet('/')).status, 400, 'GET / is an API call, refused');
  const requestLines = (): string[] => readFileSync(t.logFile, 'utf8').split('\n').filter((l) => l.includes('"msg":"request"'));
  // The log is written in chunks at most a second late: wait for the one line GET / makes.
  for (let i = 0; i < 50 && requestLines().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const lines = requestLines();
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, /"error":"UnknownOperationException"/);
});
