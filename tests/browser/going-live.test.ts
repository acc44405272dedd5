// The production path of docs/going-live.md, walked end to end on an empty PostgreSQL database and on a
// SQLite file not yet created: the migrations, the server started in production (no demo, no published
// password), the first administrator made on the server's machine, the catalogue loaded in one step, the
// province's units imported by the administrator, a district officer created who imports the district's
// records, the dashboard in Chromium showing the imported numbers, GraphiQL queried offline (on
// PostgreSQL), and an embed token whose widget a portal page on another origin draws. Everything a user
// does goes through the real server over HTTP, everything an operator does through the npm scripts' files,
// as the document says.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ADMINISTRATOR_COMMAND } from '../../src/config.ts';
import { DEMO_PASSWORD } from '../../src/demo/users.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { formatPercent } from '../../web/shared/format.ts';
import { artifacts, launchChromium, signInOnForm } from '../support/browser.ts';
import { emptyDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { listen } from '../support/listening.ts';

/** The province's files (docs/going-live/), in the order they are imported: units first, then what names them. */
const SPREADSHEETS = ['units', 'models', 'evaluations', 'plans', 'satisfaction-surveys', 'new-rural-statuses'] as const;
const KINDS: Record<(typeof SPREADSHEETS)[number], string> = {
  units: 'UNITS',
  models: 'MODELS',
  evaluations: 'EVALUATIONS',
  plans: 'PLANS',
  'satisfaction-surveys': 'SATISFACTION_SURVEYS',
  'new-rural-statuses': 'NEW_RURAL_STATUSES',
};
const spreadsheet = (name: string) => readFileSync(`docs/going-live/${name}.csv`, 'utf8');

/**
 * Bắc Kạn province (06) in 2019 as the files tell it, counted by hand: Pác Nặm district (060), its ten
 * communes and two agencies. Plans: the district, three communes and one agency of 13 units; models
 * active: all six, five evaluated, four of them effective (two recommended for replication); new-rural
 * models effective: Bộc Bố and Cao Tân (Nhạn Môn's was not); Bộc Bố recognised in 2019.
 */
const EXPECTED_2019: Record<string, [numerator: number, denominator: number]> = {
  PLAN_COVERAGE: [5, 13],
  COMMUNE_ALL_FIELDS: [0, 10],
  COMMUNE_NTM_EFFECTIVE: [2, 10],
  AGENCY_EFFECTIVE: [1, 2],
  MODELS_REVIEWED: [5, 6],
  MODELS_REPLICATED: [2, 4],
  SATISFACTION: [250, 300],
  NTM_RECOGNISED: [1, 10],
};

const ADMIN = { username: 'quantri.backan', password: 'a password chosen by the operator' };
const OFFICER = { username: 'canbo.pacnam', password: 'another chosen password' };
const AUTH_SECRET = 'the going-live test secret, at least 32 characters';
/**
 * A command starts a Node process and compiles TypeScript, a first dashboard computes every indicator: each
 * up to a minute on a busy two-core machine.
 */
const COMMAND_TIMEOUT = 180_000;

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A request on a connection of its own. The server closes a connection idle for 5 s, and fetch would send
 * the next POST on one it had closed while a command ran ("other side closed"), which it never retries.
 */
async function send(url: string, init: RequestInit = {}): Promise<{ status: number; json: () => any }> {
  const request = new Request(url, init);
  const body = Buffer.from(await request.arrayBuffer());
  return new Promise((resolve, reject) => {
    const headers = { ...Object.fromEntries(request.headers), 'content-length': String(body.length) };
    const sent = httpRequest(url, { method: request.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.each(providers)('going live on %s', (provider) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let api: string;
  /** The province portal: another origin, serving the page its editor pasted the snippet into. */
  let portal: { origin: string; close: () => Promise<void> };
  let portalPage = '';
  const tokens = { admin: '', officer: '' };

  /** An npm script's file, as `npm run <script> -- args` runs it on the server's machine. */
  const script = (file: string, args: string[], input?: string) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', env, input });
    expect(run.status, `${file} ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
    return run.stdout;
  };
  const ask = async (token: string | null, query: string, variables?: object): Promise<Answer> => {
    const response = await send(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Answer;
  };
  const signIn = async (username: string, password: string) => {
    const answer = await ask(null, 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token user { role } } }', {
      u: username,
      p: password,
    });
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.signIn.token as string;
  };
  /** A spreadsheet sent as the officers' web app sends it: a GraphQL multipart request with the CSRF header. */
  const importSpreadsheet = async (token: string, name: (typeof SPREADSHEETS)[number], dryRun: boolean) => {
    const body = new FormData();
    const query = `mutation($file: File!, $dryRun: Boolean) { importSpreadsheet(file: $file, kind: ${KINDS[name]}, dryRun: $dryRun) { written rowsRead created updated unchanged problems { row column messageEn } } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null, dryRun } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([spreadsheet(name)], `${name}.csv`, { type: 'text/csv' }));
    const response = await send(`${api}/graphql`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, [CSRF_HEADER]: '1' } });
    const answer = response.json() as Answer;
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.importSpreadsheet;
  };
  const rowsOf = (name: string) => spreadsheet(name).trimEnd().split('\n').length - 1;

  beforeAll(async () => {
    database = await emptyDatabase(provider);
    portal = await listen(
      createServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(portalPage)) as Server,
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      AUTH_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      CORS_ORIGINS: portal.origin,
      GRAPHIQL: 'true',
    };
    delete env.SEED_DEMO;
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((resolve) => server!.once('exit', resolve));
    await portal?.close();
    await database?.drop();
  });

  it(
    'migrates the empty database (npm run db:migrate)',
    () => {
      expect(script('scripts/db-migrate.ts', [])).toMatch(/^Applied \d+ migration\(s\): /);
    },
    COMMAND_TIMEOUT,
  );

  it(
    'starts the server in production: no demo, no published password, and it says how to make the first administrator',
    async () => {
      server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server.stdout!.on('data', (chunk) => (serverOutput += chunk));
      server.stderr!.on('data', (chunk) => (serverOutput += chunk));
      const deadline = Date.now() + 90_000;
      for (;;) {
        const ready = await send(`${api}/ready`).then(
          (response) => response.status === 200,
          () => false,
        );
        if (ready) break;
        expect(server.exitCode, serverOutput).toBeNull();
        expect(Date.now(), `the server did not get ready:\n${serverOutput}`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(serverOutput).toContain(FIRST_ADMINISTRATOR_COMMAND);
      const demo = await ask(null, `mutation { signIn(username: "quantri", password: "${DEMO_PASSWORD}") { token } }`);
      expect(demo.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    },
    COMMAND_TIMEOUT,
  );

  it(
    'makes the first administrator on the server’s machine (npm run users -- add … --role ADMIN)',
    async () => {
      const added = script(
        'scripts/users.ts',
        ['add', ADMIN.username, '--role', 'ADMIN', '--name', 'Quản trị tỉnh Bắc Kạn', '--password-stdin'],
        `${ADMIN.password}\n`,
      );
      expect(added).toBe(`Created ${ADMIN.username} (ADMIN, whole country).\n`);
      tokens.admin = await signIn(ADMIN.username, ADMIN.password);
      const empty = await ask(tokens.admin, '{ fields { code } indicators { code } units { totalCount } }');
      expect(empty.data).toEqual({ fields: [], indicators: [], units: { totalCount: 0 } });
    },
    COMMAND_TIMEOUT,
  );

  it(
    'loads the catalogue in one step (npm run catalogue -- load DVK_2018_2020)',
    async () => {
      expect(script('scripts/catalogue.ts', ['load', 'DVK_2018_2020'])).toBe(
        'DVK_2018_2020: loaded. Fields: 6 created, 0 updated, 0 unchanged. Indicators: 8 created, 0 updated, 0 unchanged.\n',
      );
      const loaded = await ask(tokens.admin, '{ fields { code } indicators { code } }');
      expect(loaded.data.fields).toHaveLength(6);
      expect(loaded.data.indicators.map((indicator: { code: string }) => indicator.code)).toEqual(Object.keys(EXPECTED_2019));
    },
    COMMAND_TIMEOUT,
  );

  it('imports the province’s units as the administrator, after a dry run', async () => {
    expect(await importSpreadsheet(tokens.admin, 'units', true)).toMatchObject({ written: false, created: rowsOf('units'), problems: [] });
    expect(await importSpreadsheet(tokens.admin, 'units', false)).toMatchObject({ written: true, created: rowsOf('units'), problems: [] });
  });

  it(
    'creates the district’s officer, who imports the district’s records',
    async () => {
      const added = script(
        'scripts/users.ts',
        ['add', OFFICER.username, '--role', 'DISTRICT_OFFICER', '--unit', '060', '--name', 'Cán bộ huyện Pác Nặm', '--password-stdin'],
        `${OFFICER.password}\n`,
      );
      expect(added).toBe(`Created ${OFFICER.username} (DISTRICT_OFFICER, 060).\n`);
      tokens.officer = await signIn(OFFICER.username, OFFICER.password);
      // The tree is the province officers' and the administrators': a district officer cannot import units.
      const body = new FormData();
      body.set(
        'operations',
        JSON.stringify({ query: 'mutation($file: File!) { importSpreadsheet(file: $file, kind: UNITS) { written } }', variables: { file: null } }),
      );
      body.set('map', JSON.stringify({ 0: ['variables.file'] }));
      body.set('0', new File([spreadsheet('units')], 'units.csv'));
      const refused = (
        await send(`${api}/graphql`, { method: 'POST', body, headers: { authorization: `Bearer ${tokens.officer}`, [CSRF_HEADER]: '1' } })
      ).json() as Answer;
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      for (const name of SPREADSHEETS.slice(1)) {
        expect(await importSpreadsheet(tokens.officer, name, false), name).toMatchObject({ written: true, created: rowsOf(name), updated: 0, problems: [] });
      }
      const audited = await ask(tokens.admin, `{ auditLog(filter: { actor: "${OFFICER.username}" }) { totalCount } }`);
      expect(audited.data.auditLog.totalCount).toBe(SPREADSHEETS.slice(1).reduce((sum, name) => sum + rowsOf(name), 0));
    },
    COMMAND_TIMEOUT,
  );

  it(
    'shows the imported numbers on the dashboard, in the API and in Chromium',
    async () => {
      const dashboard = await ask(tokens.admin, '{ dashboard(unit: "06", year: 2019) { coverages { indicator { code } numerator denominator ratio } } }');
      expect(dashboard.errors).toBeUndefined();
      const numbers = Object.fromEntries(
        dashboard.data.dashboard.coverages.map((coverage: { indicator: { code: string }; numerator: number; denominator: number }) => [
          coverage.indicator.code,
          [coverage.numerator, coverage.denominator],
        ]),
      );
      expect(numbers).toEqual(EXPECTED_2019);

      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${api}/dashboard?unit=06&year=2019`);
      await signInOnForm(page, ADMIN.username, ADMIN.password);
      await page.waitForSelector('main#dashboard[data-state="ready"]', { timeout: 30_000 });
      const cards = await page.$$eval('article[data-card]', (elements) => elements.map((element) => element.getAttribute('data-card')));
      expect(cards).toEqual(Object.keys(EXPECTED_2019));
      for (const [code, [numerator, denominator]] of Object.entries(EXPECTED_2019)) {
        const card = page.locator(`article[data-card="${code}"]`);
        expect(await card.locator('[data-field="numbers"]').innerText(), code).toContain(`${numerator} / ${denominator}`);
        expect(await card.locator('[data-field="ratio"]').innerText(), code).toBe(formatPercent(numerator / denominator, 'vi'));
      }
      await page.screenshot({ path: `${artifacts}/going-live-dashboard-${provider}.png`, fullPage: true });
      await page.close();
    },
    COMMAND_TIMEOUT,
  );

  // GraphiQL is the same page on either database, and its offline behaviour on the demo is
  // tests/browser/graphiql-offline.test.ts's; here it reads the imported data once, on PostgreSQL, the
  // production path (9 MB of script to parse: 11 to 16 s of a busy two-core machine per load).
  if (provider === 'postgresql')
    it(
      'opens GraphiQL with every request beyond the server refused, and queries the imported data signed in',
      async () => {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const refused: string[] = [];
        await context.route('**/*', (route) => {
          if (route.request().url().startsWith(`${api}/`)) return route.continue();
          refused.push(route.request().url());
          return route.abort('internetdisconnected');
        });
        const page = await context.newPage();
        // The dashboard's sign-in leaves GraphiQL its token.
        await page.goto(`${api}/dashboard?unit=06&year=2019`);
        await signInOnForm(page, ADMIN.username, ADMIN.password);
        await page.waitForSelector('main#dashboard[data-state="ready"]', { timeout: 30_000 });
        await page.goto(`${api}/graphql`);
        await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
        await expect
          .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' '), { timeout: 30_000 })
          .toContain('query Dashboard');
        const answered = page.waitForResponse(
          (response) => new URL(response.url()).pathname === '/graphql' && (response.request().postData() ?? '').includes('query Dashboard'),
        );
        await page.getByRole('button', { name: /Execute query/ }).click();
        const response = await answered;
        const body = (await response.json()) as Answer;
        expect(response.status()).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(body.data.dashboard.unit.code).toBe('06');
        const numbers = body.data.dashboard.coverages.map((coverage: { indicator: { code: string }; numerator: number; denominator: number }) => [
          coverage.indicator.code,
          [coverage.numerator, coverage.denominator],
        ]);
        expect(Object.fromEntries(numbers)).toEqual(EXPECTED_2019);
        expect(refused).toEqual([]);
        await context.close();
      },
      COMMAND_TIMEOUT,
    );

  it(
    'issues an embed token whose widget a portal page on another origin draws',
    async () => {
      const issued = await ask(
        tokens.admin,
        'mutation($input: EmbedTokenInput!, $origin: String) { issueEmbedToken(input: $input, origin: $origin) { token snippet } }',
        {
          input: { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 2017, toYear: 2019, chart: 'line', days: 30, label: 'Cổng thông tin tỉnh' },
          origin: api,
        },
      );
      expect(issued.errors, JSON.stringify(issued.errors)).toBeUndefined();
      const { snippet } = issued.data.issueEmbedToken;
      expect(snippet).toContain(`<script src="${api}/widgets/dvk.js" defer></script>`);
      portalPage = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh Bắc Kạn</title></head>
      <body><h1>Phong trào “Dân vận khéo”</h1>${snippet}</body></html>`;

      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const failures: string[] = [];
      page.on('pageerror', (error) => failures.push(error.message));
      await page.goto(portal.origin);
      await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
      const widget = await page.$eval('dvk-chart', (element) => {
        const chart = element as HTMLElement & { data?: { indicator: { code: string }; unit: { code: string }; year: number } };
        return {
          indicator: chart.data?.indicator.code,
          unit: chart.data?.unit.code,
          year: chart.data?.year,
          value: chart.shadowRoot!.querySelector('[part="value"]')?.textContent,
          rows: [...chart.shadowRoot!.querySelectorAll('table[part="data-table"] tbody tr')].map((row) => row.getAttribute('data-key')),
        };
      });
      expect(widget).toEqual({ indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', year: 2019, value: formatPercent(0.2, 'vi'), rows: ['2017', '2018', '2019'] });
      expect(failures).toEqual([]);
      await page.screenshot({ path: `${artifacts}/going-live-portal-${provider}.png` });
      await page.close();
    },
    COMMAND_TIMEOUT,
  );
});
