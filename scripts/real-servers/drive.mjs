#!/usr/bin/env node
// Traffic for the real-server fixtures. Sends a fixed, bounded mix of requests
// to servers on 127.0.0.1 only, over raw sockets so that malformed requests,
// raw bytes and early hang-ups reach the server exactly as written.
//
//   node drive.mjs nginx  <observed.json>   (env HTTP_PORT TLS_PORT SMALL_PORT TLS_DIR)
//   node drive.mjs apache <observed.json>   (env APACHE_PORT)
//
// observed.json lists each case and the status line the client saw (or how the
// connection ended). It documents the traffic; the counts that tests rely on
// are taken from the server logs themselves by count.py.
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import path from 'node:path';

const HOST = '127.0.0.1';
const AUTH = Buffer.from('fixture:fixture-pass').toString('base64');
const UA = 'logcodes-fixtures/1.0';
// run.sh stamps every file with this time, so If-Modified-Since matches exactly.
const LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';

/** @typedef {{ case: string, observed: string }} Observation */

/**
 * Writes `request` to a fresh connection and reads until the server closes or
 * `waitMs` passes. `hangUpAfterMs` closes from the client side first (499).
 * `chunks` are written with `gapMs` between them (slow clients).
 */
function exchange(port, request, { waitMs = 8000, hangUpAfterMs, tlsOptions, chunks, gapMs = 0 } = {}) {
  return new Promise((resolve) => {
    const received = [];
    let settled = false;
    const finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(text);
      if (match) resolve(match[1]);
      else if (text.length > 0) resolve(`no status line (${how}, ${text.length} bytes)`);
      else resolve(how);
    };
    const socket = tlsOptions
      ? tls.connect({ host: HOST, port, rejectUnauthorized: false, ...tlsOptions })
      : net.connect({ host: HOST, port });
    const timer = setTimeout(() => finish('client gave up waiting'), waitMs);
    socket.on('data', (d) => received.push(d));
    socket.on('end', () => finish('closed by server'));
    socket.on('error', (e) => finish(`error ${e.code ?? e.message}`));
    socket.on(tlsOptions ? 'secureConnect' : 'connect', async () => {
      const parts = chunks ?? (request === null ? [] : [request]);
      for (const part of parts) {
        if (settled) return;
        socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (hangUpAfterMs !== undefined) setTimeout(() => finish('client hung up'), hangUpAfterMs);
    });
  });
}

function get(target, headers = {}, method = 'GET', version = 'HTTP/1.1', body) {
  const lines = [`${method} ${target} ${version}`, 'Host: logcodes.test'];
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) lines.push(`User-Agent: ${UA}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  lines.push('Connection: close', '', '');
  return lines.join('\r\n') + (body ?? '');
}

/** Plain cases both servers understand; `extra` adds server-specific ones. */
function commonCases(port) {
  /** @type {[string, () => Promise<string>][]} */
  const cases = [];
  const add = (name, fn) => cases.push([name, fn]);
  const plain = (name, request, opts) => add(name, () => exchange(port, request, opts));

  // Ordinary traffic, enough of it that errors are a minority as in real logs.
  const pages = ['/', '/index.html', '/static/app.css', '/static/file.bin', '/dir/', '/app/', '/app/users?id=7'];
  const agents = [
    'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    'curl/8.5.0',
    'Googlebot/2.1 (+http://www.google.com/bot.html)',
  ];
  for (let i = 0; i < 84; i++) {
    const page = pages[i % pages.length];
    const agent = agents[i % agents.length];
    const referer = i % 3 === 0 ? { Referer: 'http://logcodes.test/' } : {};
    plain(`ok ${page}`, get(page, { 'User-Agent': agent, ...referer }));
  }
  plain('404 missing', get('/missing.html'));
  plain('404 missing with query', get('/nothing/here?x=1&y=2'));
  plain('403 private', get('/private/data.txt'));
  plain('401 no credentials', get('/secret/'));
  plain('401 wrong credentials', get('/secret/', { Authorization: `Basic ${Buffer.from('fixture:nope').toString('base64')}` }));
  plain('200 with credentials', get('/secret/', { Authorization: `Basic ${AUTH}` }));
  plain('301 directory without slash', get('/dir'));
  plain('301 /old', get('/old'));
  plain('410 /gone', get('/gone'));
  plain('206 range', get('/static/file.bin', { Range: 'bytes=0-99' }));
  plain('206 suffix range', get('/static/file.bin', { Range: 'bytes=-10' }));
  plain('416 range past end', get('/static/file.bin', { Range: 'bytes=999999-1000000' }));
  plain('304 if-modified-since', get('/static/file.bin', { 'If-Modified-Since': LAST_MODIFIED }));
  plain('304 if-modified-since again', get('/index.html', { 'If-Modified-Since': LAST_MODIFIED }));
  plain('HEAD', get('/index.html', {}, 'HEAD'));
  plain('two User-Agent headers', get('/index.html').replace('Connection: close', 'User-Agent: second-agent/2.0\r\nConnection: close'));
  plain('HEAD missing', get('/missing.html', {}, 'HEAD'));
  plain('HTTP/1.0', `GET /index.html HTTP/1.0\r\nUser-Agent: ${UA}\r\n\r\n`);
  plain('HTTP/1.0 no headers', 'GET / HTTP/1.0\r\n\r\n');
  plain('POST to static file', get('/index.html', { 'Content-Type': 'text/plain' }, 'POST', 'HTTP/1.1', 'a=1'));
  plain('unknown method', get('/index.html', {}, 'FOO'));
  plain('OPTIONS', get('/index.html', {}, 'OPTIONS'));
  plain('413 large body', get('/upload', { 'Content-Type': 'text/plain' }, 'POST', 'HTTP/1.1', 'x'.repeat(4096)));
  plain('200 small upload', get('/upload', { 'Content-Type': 'text/plain' }, 'POST', 'HTTP/1.1', 'x'.repeat(100)));
  for (const code of [200, 201, 204, 302, 400, 404, 409, 422, 429, 500, 501, 503]) {
    plain(`upstream ${code}`, get(`/app/status/${code}`));
  }
  plain('upstream 500 again', get('/app/status/500'));
  plain('upstream 503 again', get('/app/status/503'));
  plain('502 upstream crash', get('/app/crash'));
  plain('502 upstream crash again', get('/app/crash'));
  plain('upstream refused', get('/refused/x'));
  plain('upstream refused again', get('/refused/y'));
  plain('upstream too slow', get('/timeout/3'));
  plain('upstream too slow again', get('/timeout/3'));
  plain('upstream slow but in time', get('/app/slow/0.3'));
  plain('client hangs up on a slow upstream', get('/app/slow/3'), { hangUpAfterMs: 500 });
  plain('client hangs up on a slow upstream again', get('/app/slow/3'), { hangUpAfterMs: 500 });
  plain('client hangs up after the response started', get('/static/file.bin'), { hangUpAfterMs: 0 });

  // Request lines with characters that logs must escape.
  plain('quote in URL', get('/search?q="quoted"'));
  plain('backslash in URL', get('/path\\with\\backslashes'));
  plain('quote and backslash in UA', get('/index.html', { 'User-Agent': 'agent "with quotes" and \\backslash\\' }));
  plain('quote in referer', get('/index.html', { Referer: 'http://example.test/?q="x"' }));
  plain('raw UTF-8 in URL', Buffer.concat([Buffer.from('GET /caf'), Buffer.from('é/Привет', 'utf8'), Buffer.from(get('').slice(4))]));
  plain('raw invalid bytes in URL', Buffer.concat([Buffer.from('GET /bad'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), Buffer.from(get('').slice(4))]));
  plain('raw UTF-8 in UA', Buffer.from(get('/index.html', { 'User-Agent': 'Navigateur/1.0 (fran\u00e7ais; \u65e5\u672c)' }).replace(/[^\x00-\x7f]+/g, (s) => Buffer.from(s, 'utf8').toString('latin1')), 'latin1'));
  plain('percent-encoded URL', get('/caf%C3%A9/%22quoted%22?q=%E2%9C%93'));
  plain('8 KB URL', get(`/long?${'a'.repeat(8000)}`));
  plain('tab and control byte in URL', get('/ctl\x01x'));

  // Malformed input.
  plain('garbage', 'this is not http\r\n\r\n');
  plain('binary garbage', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]));
  plain('empty request line', '\r\n\r\n');
  plain('HTTP/1.1 without Host', `GET / HTTP/1.1\r\nUser-Agent: ${UA}\r\n\r\n`);
  plain('lowercase method', get('/index.html', {}, 'get'));
  plain('HTTP/2 preface on plain port', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
  plain('absolute-form URL', get('http://logcodes.test/index.html'));
  plain('path without leading slash', get('index.html'));
  plain('connect and send nothing', null, { waitMs: 6000 });
  plain('partial request then silence', 'GET /slowloris HTTP/1.1\r\nHost: logcodes.test\r\n', { waitMs: 6000 });
  return { cases, add, plain };
}

async function nginxCases() {
  const port = Number(process.env.HTTP_PORT);
  const tlsPort = Number(process.env.TLS_PORT);
  const smallPort = Number(process.env.SMALL_PORT);
  const tlsDir = process.env.TLS_DIR;
  const { cases, add, plain } = commonCases(port);

  plain('444 return', get('/drop'));
  plain('500 rewrite cycle', get('/loop'));
  plain('limit_req first', get('/limited/'));
  plain('limit_req 503', get('/limited/'));
  plain('limit_req 503 again', get('/limited/'));
  plain('limit_req 429 first', get('/limited429/'));
  plain('limit_req 429', get('/limited429/'));
  plain('retry: refused then backend', get('/retry/status/200'));
  plain('retry: second request', get('/retry/status/200'));
  plain('no live upstreams 1', get('/nolive/a'));
  plain('no live upstreams 2', get('/nolive/b'));
  plain('no live upstreams 3', get('/nolive/c'));
  plain('error_page to second upstream', get('/fallback/x'));
  plain('error_page to a URI on a second upstream', get('/fallback-uri/x'));
  plain('websocket upgrade', get('/ws', { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' }).replace('Connection: close\r\n', ''));
  plain('HTTP/0.9 simple request', 'GET /index.html\r\n');
  plain('body sent too slowly', 'POST /upload HTTP/1.1\r\nHost: logcodes.test\r\nContent-Length: 100\r\n\r\nabc', { waitMs: 6000 });

  const small = (name, request, opts) => add(name, () => exchange(smallPort, request, opts));
  small('small buffers: ok', get('/index.html'));
  small('414 URL over buffer', get(`/toolong?${'b'.repeat(3000)}`));
  small('494 header over buffer', get('/index.html', { 'X-Big': 'c'.repeat(3000) }));
  small('494 cookie over buffer', get('/index.html', { Cookie: `session=${'d'.repeat(3000)}` }));

  const read = (file) => fs.readFileSync(path.join(tlsDir, file));
  const secure = (name, request, tlsOptions) => add(name, () => exchange(tlsPort, request, { tlsOptions }));
  secure('TLS with client certificate', get('/'), { cert: read('client.pem'), key: read('client.key') });
  secure('496 TLS without client certificate', get('/'), {});
  secure('495 TLS with untrusted client certificate', get('/'), { cert: read('rogue.pem'), key: read('rogue.key') });
  add('497 plain HTTP to TLS port', () => exchange(tlsPort, get('/')));
  add('497 plain HTTP to TLS port again', () => exchange(tlsPort, get('/index.html')));
  return cases;
}

async function apacheCases() {
  const port = Number(process.env.APACHE_PORT);
  const { cases, plain } = commonCases(port);
  plain('403 directory without index', get('/noindex/'));
  plain('CGI ok', get('/cgi-bin/ok.cgi'));
  plain('CGI 500 bad headers', get('/cgi-bin/broken.cgi'));
  plain('CGI 500 bad headers again', get('/cgi-bin/broken.cgi'));
  plain('CGI Status: 503', get('/cgi-bin/unavailable.cgi'));
  plain('CGI not executable', get('/cgi-bin/missing.cgi'));
  plain('TRACE disabled', get('/index.html', {}, 'TRACE'));
  plain('414 URL over LimitRequestLine', get(`/toolong?${'b'.repeat(9000)}`));
  plain('400 header over LimitRequestFieldSize', get('/index.html', { 'X-Big': 'c'.repeat(9000) }));
  plain('HTTP/0.9 simple request', 'GET /index.html\r\n');
  plain('body sent too slowly', 'POST /upload HTTP/1.1\r\nHost: logcodes.test\r\nContent-Length: 100\r\n\r\nabc', { waitMs: 6000 });
  return cases;
}

async function main() {
  const [server, out] = process.argv.slice(2);
  const cases = server === 'nginx' ? await nginxCases() : server === 'apache' ? await apacheCases() : null;
  if (!cases || !out) {
    process.stderr.write('usage: node drive.mjs <nginx|apache> <observed.json>\n');
    process.exit(1);
  }
  /** @type {Observation[]} */
  const observed = [];
  for (const [name, run] of cases) {
    observed.push({ case: name, observed: await run() });
  }
  fs.writeFileSync(out, JSON.stringify(observed, null, 1) + '\n');
  process.stdout.write(`${server}: ${observed.length} requests sent\n`);
}

await main();
