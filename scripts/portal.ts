// Serves web/examples on another origin (default http://localhost:4001), as a province portal would, so
// that the widgets it embeds from the API are seen across origins, CORS and all:
//   npm start   (in one terminal)      npm run portal   (in another), then open http://localhost:4001/
// Widgets show data only on embed tokens, which an administrator issues: started by hand, the portal signs
// in to the API as the demo administrator (PORTAL_ADMIN_USER, PORTAL_ADMIN_PASSWORD) and issues one token
// per widget, for this portal's origins and without expiry, as a portal's editor would with the
// `issueEmbedToken` mutation. The browser tests start the same server on a free port, with tokens they issue
// directly in the database.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { EmbedGrant } from '../src/access/tokens.ts';
import { projectPath } from '../src/db/datamodel.ts';
import { DEMO_PASSWORD } from '../src/demo/users.ts';

/** The example page's widgets, by the name portal.html gives each ({{TOKEN:<name>}}): what its token grants. */
export const portalWidgets = {
  ntm: { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 2015, toYear: 2019, chart: 'bar' },
  satisfaction: { indicator: 'SATISFACTION', unit: '06', fromYear: 2015, toYear: 2024, chart: 'line' },
  plans: { indicator: 'PLAN_COVERAGE', unit: '066', fromYear: 2016, toYear: 2019, chart: 'gauge' },
  reviewed: { indicator: 'MODELS_REVIEWED', unit: '06', fromYear: 2016, toYear: 2019, chart: 'gauge' },
} satisfies Record<string, EmbedGrant>;

export type PortalWidget = keyof typeof portalWidgets;

export interface PortalSettings {
  /** The API's origin, where the page loads the widget script and the iframe from. */
  api: string;
  tokens: Record<PortalWidget, string>;
}

/** A token for each widget of the page, from `issue`. */
export async function issuePortalTokens(issue: (grant: EmbedGrant, name: PortalWidget) => Promise<string>): Promise<Record<PortalWidget, string>> {
  const names = Object.keys(portalWidgets) as PortalWidget[];
  const tokens = await Promise.all(names.map((name) => issue(portalWidgets[name], name)));
  return Object.fromEntries(names.map((name, index) => [name, tokens[index]!])) as Record<PortalWidget, string>;
}

/**
 * Serves web/examples/*.html with {{API_ORIGIN}} and {{TOKEN:<name>}} filled in (asked per request: the
 * tests learn the API's origin only once it listens, and the API's CORS list needs the portal's origin first).
 */
export function servePortalExample(settings: () => PortalSettings): Server {
  return createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://portal').pathname;
    const name = path === '/' ? 'portal.html' : path.slice(1);
    const page = /^[\w-]+\.html$/.test(name) ? await readFile(projectPath(`web/examples/${name}`), 'utf8').catch(() => undefined) : undefined;
    if (!page) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const { api, tokens } = settings();
    const filled = page.replaceAll('{{API_ORIGIN}}', api).replace(/\{\{TOKEN:(\w+)\}\}/g, (_, widget: string) => tokens[widget as PortalWidget] ?? '');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(filled);
  });
}

/** One GraphQL operation against the API, as the signed-in administrator once `token` is known. */
async function call<T>(api: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).catch((error: Error) => {
    throw new Error(`The API does not answer at ${api} (${error.message}): start it with \`npm start\`, or set API_ORIGIN.`);
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

/** Signs in as an administrator and issues a token per widget for the portal's origins, with the mutations an editor would use. */
async function issueThroughApi(api: string, username: string, password: string, portalOrigins: string[]): Promise<Record<PortalWidget, string>> {
  const { signIn } = await call<{ signIn: { token: string } }>(api, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', {
    u: username,
    p: password,
  });
  return issuePortalTokens(async (grant, name) => {
    const { issueEmbedToken } = await call<{ issueEmbedToken: { token: string } }>(
      api,
      'mutation($input: EmbedTokenInput!, $origin: String) { issueEmbedToken(input: $input, origin: $origin) { token } }',
      { input: { ...grant, portalOrigins, label: `Trang ví dụ (npm run portal): ${name}` }, origin: api },
      signIn.token,
    );
    return issueEmbedToken.token;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORTAL_PORT ?? 4001);
  const api = process.env.API_ORIGIN ?? 'http://localhost:4000';
  const username = process.env.PORTAL_ADMIN_USER ?? 'quantri';
  // The page may be opened by either name; each is an origin of its own.
  const portalOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  try {
    const tokens = await issueThroughApi(api, username, process.env.PORTAL_ADMIN_PASSWORD ?? DEMO_PASSWORD, portalOrigins);
    servePortalExample(() => ({ api, tokens })).listen(port, () => {
      console.log(
        `Portal example on http://localhost:${port}/, embedding widgets from ${api} on embed tokens issued as ${username} for ${portalOrigins.join(' and ')}, without expiry`,
      );
    });
  } catch (error) {
    console.error(`Could not issue the portal's embed tokens: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
