// The widget script and the dashboard's files over real HTTP (issue 15, item 3): gzip or brotli as
// Accept-Encoding asks, each decompressing to the built file byte for byte; a strong ETag and 304; the
// widget script also at a content-hashed, immutable URL, which /widgets/manifest.json names; HEAD.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/db/datamodel.ts';
import type { Database } from '../../src/db/client.ts';
import { createListener } from '../../src/server/listener.ts';
import { codingFor } from '../../src/server/static-file.ts';
import { WIDGET_MANIFEST_PATH, WIDGET_PATH } from '../../src/server/web.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { listen } from '../support/listening.ts';
import { testServer } from '../support/viewers.ts';

let db: Database;
let api: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  db = openDemoDatabase('sqlite');
  api = await listen(createListener(testServer(db)));
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

const built = (file: string) => readFileSync(projectPath(`dist/web/${file}`));
const widget = () => built('widgets/dvk.js');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire, not decompressed. */
  body: Buffer;
}

/** A request as a browser's, without the decompression that fetch would do. */
function ask(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(`${api.origin}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('the encoding', () => {
  it('follows Accept-Encoding: the highest q, brotli at a tie, identity when neither is accepted', () => {
    expect(codingFor('gzip, deflate, br, zstd')).toBe('br');
    expect(codingFor('br;q=0.5, gzip')).toBe('gzip');
    expect(codingFor('gzip, br;q=0')).toBe('gzip');
    expect(codingFor('*')).toBe('br');
    expect(codingFor('gzip;q=0, *')).toBe('br');
    expect(codingFor('*;q=0')).toBe('identity');
    expect(codingFor('identity')).toBe('identity');
    expect(codingFor('')).toBe('identity');
    expect(codingFor(null)).toBe('identity');
    expect(codingFor('GZIP;Q=1')).toBe('gzip');
  });
});

describe('the widget script', () => {
  it('comes as brotli, gzip or as it is, each the built file byte for byte, varying by Accept-Encoding', async () => {
    const br = await ask(WIDGET_PATH, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(widget())).toBe(true);
    // The budget of docs/widgets.md is for gzip; brotli does better.
    expect(br.body.length).toBeLessThan(100 * 1024);

    const gzip = await ask(WIDGET_PATH, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gzip.body).equals(widget())).toBe(true);

    const plain = await ask(WIDGET_PATH);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.equals(widget())).toBe(true);

    // Each encoding is other bytes, so each has its own strong tag.
    const tags = [br, gzip, plain].map((answer) => answer.headers.etag);
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[0-9a-f]{16}(-br|-gzip)?"$/);
    // A portal's page may hold it five minutes, then revalidates; it loads on any site.
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    expect(plain.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('answers 304 without a body to the ETag it gave, weak or among others, and 200 to another', async () => {
    const first = await ask(WIDGET_PATH, { 'accept-encoding': 'br' });
    const etag = first.headers.etag!;
    const again = await ask(WIDGET_PATH, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    expect(again.headers.vary).toMatch(/Accept-Encoding/i);
    expect((await ask(WIDGET_PATH, { 'accept-encoding': 'br', 'if-none-match': `"0000000000000000", W/${etag}` })).status).toBe(304);
    const changed = await ask(WIDGET_PATH, { 'accept-encoding': 'br', 'if-none-match': '"0000000000000000-br"' });
    expect(changed.status).toBe(200);
    expect(brotliDecompressSync(changed.body).equals(widget())).toBe(true);
  });

  it('is also at a content-hashed URL, immutable, which the manifest names; another hash is 404', async () => {
    const manifest = await ask(WIDGET_MANIFEST_PATH);
    expect(manifest.status).toBe(200);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    const hash = createHash('sha256').update(widget()).digest('hex').slice(0, 16);
    expect(JSON.parse(manifest.body.toString('utf8'))).toEqual({ [WIDGET_PATH]: `/widgets/dvk.${hash}.js` });

    const hashed = await ask(`/widgets/dvk.${hash}.js`, { 'accept-encoding': 'gzip, br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-encoding']).toBe('br');
    expect(hashed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(brotliDecompressSync(hashed.body).equals(widget())).toBe(true);
    expect((await ask(`/widgets/dvk.${hash}.js`, { 'if-none-match': hashed.headers.etag! })).status).toBe(304);

    const wrong = await ask(`/widgets/dvk.${'0'.repeat(16)}.js`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.toString('utf8')).toContain(`/widgets/dvk.${hash}.js`);
    expect((await ask('/widgets/dvk.abc.js')).status).toBe(404);
  });

  it('answers HEAD with the headers of a GET and no body', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const get = await ask(WIDGET_PATH, { 'accept-encoding': encoding });
      const head = await ask(WIDGET_PATH, { 'accept-encoding': encoding }, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      for (const header of ['content-length', 'content-encoding', 'content-type', 'etag', 'cache-control', 'vary'])
        expect(head.headers[header]).toBe(get.headers[header]);
    }
    expect((await ask(WIDGET_PATH, {}, 'DELETE')).status).toBe(405);
  });
});

describe('the dashboard’s files', () => {
  it('come compressed with an ETag: the page revalidated on every load, the hashed assets immutable', async () => {
    const page = await ask('/dashboard', { 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(page.body).equals(built('dashboard/index.html'))).toBe(true);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect((await ask('/dashboard', { 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag! })).status).toBe(304);

    const script = readdirSync(projectPath('dist/web/assets')).find((file) => file.endsWith('.js'))!;
    const asset = await ask(`/assets/${script}`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(asset.body).equals(built(`assets/${script}`))).toBe(true);
    expect((await ask('/assets/none.js')).status).toBe(404);
    expect((await ask('/assets/../../package.json')).status).toBe(404);
  });
});

describe('the officers’ app', () => {
  it('is one page at /app and at each of its screens’ paths, never framed, and nothing else under /app', async () => {
    for (const path of ['/app', '/app/', '/app/models', '/app/embeds']) {
      const page = await ask(path, { 'accept-encoding': 'gzip' });
      expect(page.status, path).toBe(200);
      expect(gunzipSync(page.body).equals(built('app/index.html')), path).toBe(true);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    }
    for (const path of ['/app/models/1', '/app/../package.json', '/app/Models', '/apps']) expect((await ask(path)).status, path).toBe(404);
  });
});

describe('GraphiQL’s page', () => {
  it('comes as brotli or gzip, a quarter of its 9 MB, with its own script policy, and 304 once held', async () => {
    const html = { accept: 'text/html' };
    const plain = await ask('/graphql', html);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(8_000_000);
    expect(plain.body.toString('utf8')).toContain('GraphiQL');
    const br = await ask('/graphql', { ...html, 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await ask('/graphql', { ...html, 'accept-encoding': 'gzip' });
    expect([br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual(['br', 'gzip']);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    for (const answer of [plain, br, gzip]) {
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-/);
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers.vary).toMatch(/Accept-Encoding/);
    }
    expect((await ask('/graphql', { ...html, 'accept-encoding': 'br', 'if-none-match': br.headers.etag! })).status).toBe(304);
  });
});
