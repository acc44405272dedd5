// Serves web/examples on another origin (default http://localhost:4001), as a province portal would, so
// that the widgets it embeds from the API are seen across origins, CORS and all:
//   npm start   (in one terminal)      npm run portal   (in another), then open http://localhost:4001/
// The browser tests start the same server on a free port.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { projectPath } from '../src/db/datamodel.ts';

/** Serves web/examples/*.html with {{API_ORIGIN}} replaced by the API's origin (asked per request: the
 * tests learn it only once the API listens, and the API's CORS list needs the portal's origin first). */
export function servePortalExample(apiOrigin: () => string): Server {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://portal').pathname;
    const name = path === '/' ? 'portal.html' : path.slice(1);
    const page = /^[\w-]+\.html$/.test(name) ? await readFile(projectPath(`web/examples/${name}`), 'utf8').catch(() => undefined) : undefined;
    if (!page) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.replaceAll('{{API_ORIGIN}}', apiOrigin()));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORTAL_PORT ?? 4001);
  const api = process.env.API_ORIGIN ?? 'http://localhost:4000';
  servePortalExample(() => api).listen(port, () => console.log(`Portal example on http://localhost:${port}/, embedding widgets from ${api}`));
}
