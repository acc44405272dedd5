// GraphiQL from the server's own bytes. Yoga's default page loads GraphiQL from unpkg.com and stays on
// "Loading" on a network that reaches no CDN (a province's intranet); @graphql-yoga/render-graphiql bundles
// GraphiQL, its styles and its editor's workers into the page itself. The page's inline script is the same
// for every request, so its Content-Security-Policy allows exactly that script, by hash, and nothing from
// elsewhere. Styles cannot be held so tight: the editor (Monaco) and GraphiQL's React components add
// <style> elements and style attributes as they go, which only 'unsafe-inline' allows. The page goes out as
// a file: compressed once, with an ETag (9 MB as it is, 1.9 MB with brotli, 2.4 MB with gzip).
import { createHash } from 'node:crypto';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { type StaticFile, staticFile } from './static-file.ts';

export interface GraphiQLPage {
  /** Yoga's renderGraphiQL: the page of the options given to graphiqlPage, rendered on the first request. */
  render: () => Promise<string>;
  /** The page's Content-Security-Policy, less frame-ancestors (the security headers add it). */
  policy: () => Promise<string>;
  /** The page as a file, compressed and tagged. */
  file: () => Promise<StaticFile>;
}

/** The CSP sources of the page's inline scripts, by their SHA-256. */
function scriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
}

export function graphiqlPage(options: GraphiQLOptions): GraphiQLPage {
  let rendered: Promise<{ html: string; policy: string; file: Promise<StaticFile> }> | undefined;
  // Imported on first use: the bundle is 9 MB of JavaScript, which a server without GraphiQL never loads.
  const page = () =>
    (rendered ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => {
      const html = renderGraphiQL(options);
      const policy = [
        "default-src 'none'",
        `script-src ${scriptHashes(html).join(' ')}`,
        "style-src 'unsafe-inline'",
        // The editor's workers are blobs the page makes from its own strings; fonts and icons are data: URLs in its style.
        'worker-src blob:',
        'font-src data:',
        'img-src data:',
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ');
      // Brotli at 5: the highest took 14 s of CPU for the page, on the first request.
      return { html, policy, file: staticFile(new TextEncoder().encode(html), 'text/html; charset=utf-8', { brotliQuality: 5 }) };
    }));
  return { render: async () => (await page()).html, policy: async () => (await page()).policy, file: async () => (await page()).file };
}

/**
 * Answers yoga's GraphiQL page at `path` as its file: in the encoding the browser accepts, and 304 to a
 * browser that holds it. Registered before the security headers, which then apply to the file's answer.
 */
export function useGraphiQLFile(path: string, page: GraphiQLPage): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.status !== 200 || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return;
      if (new URL(request.url).pathname.replace(/\/$/, '') !== path) return;
      // Yoga's page has no other header to keep; the security headers come after.
      setResponse((await page.file()).respond(request, { 'cache-control': 'no-cache' }, fetchAPI));
    },
  };
}
