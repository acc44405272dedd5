// Serves the built dashboard, embed page and widget script (dist/web) from the same yoga instance as the
// API, so that tests reach them through yoga.fetch and one process serves everything. Every file goes
// through ./static-file.ts (gzip and brotli computed once, ETag, 304); a rebuild is picked up at the next
// request, by the file's modification time and size.
import { stat, readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { projectPath } from '../db/datamodel.ts';
import { staticFile, type StaticFile } from './static-file.ts';

const builtDir = projectPath('dist/web/');

/** The widget script portals load, at its stable URL; its content-hashed URL is WIDGET_MANIFEST_PATH's answer. */
export const WIDGET_PATH = '/widgets/dvk.js';
export const WIDGET_MANIFEST_PATH = '/widgets/manifest.json';
const widgetFile = 'widgets/dvk.js';
/** /widgets/dvk.<hash>.js: the widget script of one build, whose URL changes with its content. */
const hashedWidget = /^\/widgets\/dvk\.([0-9a-f]{16})\.js$/;
const hashedWidgetPathOf = (hash: string) => `/widgets/dvk.${hash}.js`;

const pages: Record<string, string> = {
  '/dashboard': 'dashboard/index.html',
  '/embed/chart': 'embed/chart.html',
  [WIDGET_PATH]: widgetFile,
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Pages must pick up a new build at once; the widget script may be five minutes old on a portal's page,
 * and is revalidated by its ETag after that.
 */
const cacheControlOf = (file: string) => (file.startsWith('assets/') ? IMMUTABLE : file === widgetFile ? 'public, max-age=300' : 'no-cache');

/** The officers' app: one page whose screens are the paths under /app (web/app/app.tsx). */
const appPage = 'app/index.html';
const appPath = /^\/app(\/[a-z-]*)?$/;

/** The file under dist/web a path names, or undefined; never a path outside it. */
function fileFor(pathname: string): string | undefined {
  if (pages[pathname]) return pages[pathname];
  if (appPath.test(pathname)) return appPage;
  if (hashedWidget.test(pathname)) return widgetFile;
  if (!pathname.startsWith('/assets/')) return undefined;
  const relative = normalize(pathname.slice(1));
  return relative.startsWith('assets/') ? relative : undefined;
}

/** Each file as last built, compressed once per build. */
const served = new Map<string, { version: string; file: Promise<StaticFile> }>();

async function builtFile(file: string): Promise<StaticFile | undefined> {
  const stats = await stat(builtDir + file).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  const version = `${stats.mtimeMs}:${stats.size}`;
  const known = served.get(file);
  if (known?.version === version) return known.file;
  const loaded = readFile(builtDir + file).then((body) => staticFile(new Uint8Array(body), contentTypes[extname(file)] ?? 'application/octet-stream'));
  served.set(file, { version, file: loaded });
  // A file that could not be read (removed by a rebuild after its stat) is tried again at the next request.
  loaded.catch(() => served.get(file)?.file === loaded && served.delete(file));
  return loaded;
}

/** The widget script's content-hashed URL in the current build, or undefined before a build. */
export async function hashedWidgetPath(): Promise<string | undefined> {
  const widget = await builtFile(widgetFile);
  return widget && hashedWidgetPathOf(widget.hash);
}

export function useWebAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === '/') {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/dashboard' } }));
        return;
      }
      const text = (status: number, body: string, headers: Record<string, string> = {}) =>
        endResponse(new fetchAPI.Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } }));
      const notBuilt = () => text(503, 'The web assets are not built: run `npm run web:build`.');
      if (url.pathname === WIDGET_MANIFEST_PATH) {
        const hashed = await hashedWidgetPath();
        if (!hashed) return notBuilt();
        endResponse(
          new fetchAPI.Response(JSON.stringify({ [WIDGET_PATH]: hashed }), {
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
          }),
        );
        return;
      }
      const file = fileFor(url.pathname);
      if (!file) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD.', { allow: 'GET, HEAD' });
      const built = await builtFile(file);
      if (!built) return Object.values(pages).includes(file) ? notBuilt() : text(404, 'Not found');
      const hashed = hashedWidget.exec(url.pathname)?.[1];
      // Only the current build's hash: an older one names bytes this server no longer has.
      if (hashed !== undefined && hashed !== built.hash)
        return text(404, `No widget script of this hash: the current one is at ${hashedWidgetPathOf(built.hash)} (and always at ${WIDGET_PATH}).`);
      endResponse(built.respond(request, { 'cache-control': hashed ? IMMUTABLE : cacheControlOf(file) }, fetchAPI));
    },
  };
}
