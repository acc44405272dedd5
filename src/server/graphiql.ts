// GraphiQL from the server's own bytes. Yoga's default page loads GraphiQL from unpkg.com and stays on
// "Loading" on a network that reaches no CDN (a province's intranet); @graphql-yoga/render-graphiql bundles
// GraphiQL, its styles and its editor's workers into the page itself. The page's inline script is the same
// for every request, so its Content-Security-Policy allows exactly that script, by hash, and nothing from
// elsewhere. Styles cannot be held so tight: the editor (Monaco) and GraphiQL's React components add
// <style> elements and style attributes as they go, which only 'unsafe-inline' allows.
import { createHash } from 'node:crypto';
import type { GraphiQLOptions } from 'graphql-yoga';

export interface GraphiQLPage {
  /** Yoga's renderGraphiQL: the page of the options given to graphiqlPage, rendered on the first request. */
  render: () => Promise<string>;
  /** The page's Content-Security-Policy, less frame-ancestors (the security headers add it). */
  policy: () => Promise<string>;
}

/** The CSP sources of the page's inline scripts, by their SHA-256. */
function scriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
}

export function graphiqlPage(options: GraphiQLOptions): GraphiQLPage {
  let rendered: Promise<{ html: string; policy: string }> | undefined;
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
      return { html, policy };
    }));
  return { render: async () => (await page()).html, policy: async () => (await page()).policy };
}
