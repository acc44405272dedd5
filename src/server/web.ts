// Serves the built dashboard, embed page and widget script (dist/web) from the same yoga instance as the
// API, so that tests reach them through yoga.fetch and one process serves everything.
import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { projectPath } from '../db/datamodel.ts';

const builtDir = projectPath('dist/web/');

const pages: Record<string, string> = {
  '/dashboard': 'dashboard/index.html',
  '/embed/chart': 'embed/chart.html',
  '/widgets/dvk.js': 'widgets/dvk.js',
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The file under dist/web a path names, or undefined; never a path outside it. */
function fileFor(pathname: string): string | undefined {
  if (pages[pathname]) return pages[pathname];
  if (!pathname.startsWith('/assets/')) return undefined;
  const relative = normalize(pathname.slice(1));
  return relative.startsWith('assets/') ? relative : undefined;
}

export function useWebAssets(): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/') {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/dashboard' } }));
        return;
      }
      const file = fileFor(url.pathname);
      if (!file) return;
      const body = await readFile(builtDir + file).catch(() => undefined);
      if (!body) {
        const notBuilt = Object.values(pages).includes(file);
        endResponse(new fetchAPI.Response(notBuilt ? 'The web assets are not built: run `npm run web:build`.' : 'Not found', { status: notBuilt ? 503 : 404 }));
        return;
      }
      // Hashed assets never change; pages and the widget script must pick up a new build.
      const cacheControl = file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      endResponse(
        new fetchAPI.Response(new Uint8Array(body), {
          headers: { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' },
        }),
      );
    },
  };
}
