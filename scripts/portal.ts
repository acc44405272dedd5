// Serves web/examples on another origin (http://localhost:4001), as a province portal would, so that the
// widgets it embeds from the API (http://localhost:4000) are seen across origins, CORS and all:
//   npm start   (in one terminal)      npm run portal   (in another), then open http://localhost:4001/portal.html
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { projectPath } from '../src/db/datamodel.ts';

const port = Number(process.env.PORTAL_PORT ?? 4001);
const api = process.env.API_ORIGIN ?? 'http://localhost:4000';

createServer(async (request, response) => {
  const name = (request.url ?? '/').split('?')[0] === '/' ? 'portal.html' : (request.url ?? '').split('?')[0]!.slice(1);
  if (!/^[\w-]+\.html$/.test(name)) return void response.writeHead(404).end('Not found');
  const page = await readFile(projectPath(`web/examples/${name}`), 'utf8').catch(() => undefined);
  if (!page) return void response.writeHead(404).end('Not found');
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.replaceAll('{{API_ORIGIN}}', api));
}).listen(port, () => console.log(`Portal example on http://localhost:${port}/portal.html, embedding widgets from ${api}`));
