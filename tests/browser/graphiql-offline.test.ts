// GraphiQL offline (issue 15, item 2): in real headless Chromium with every request that is not to the
// loopback server refused, /graphql renders GraphiQL from the server's own bytes under its
// Content-Security-Policy, runs its default dashboard operation with the token the dashboard's sign-in left
// it, and without one hears UNAUTHENTICATED (401).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { createListener } from '../../src/server/listener.ts';
import { launchChromium, signInOnForm } from '../support/browser.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { sessionKey } from '../../web/shared/session.ts';
import { listen } from '../support/listening.ts';
import { testServer } from '../support/viewers.ts';

let db: Database;
let browser: Browser;
let api: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  db = openDemoDatabase('sqlite');
  [browser, api] = await Promise.all([launchChromium(), listen(createListener(testServer(db)))]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await db?.$disconnect();
});

interface Offline {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for that is not the loopback server's (all refused). */
  refused: string[];
  /** What the page's Content-Security-Policy blocked, and what its console reported as errors. */
  problems: string[];
}

/** A browser context that reaches the loopback server and nothing else, as on an intranet without a CDN. */
async function offline(): Promise<Offline> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${api.origin}/`)) return route.continue();
    refused.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.exposeFunction('reportViolation', (violation: string) => problems.push(violation));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`CSP ${event.effectiveDirective} blocked ${event.blockedURI}`),
    ),
  );
  return { context, page, refused, problems };
}

/** An editor's text; Monaco lays out spaces as no-break spaces. */
const textOf = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

/** Opens GraphiQL and waits until its editors show the default operation; answers the page's Content-Security-Policy. */
async function openGraphiQL(page: Page): Promise<string> {
  const response = await page.goto(`${api.origin}/graphql`);
  expect(response?.status()).toBe(200);
  const policy = (await response!.allHeaders())['content-security-policy'] ?? '';
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
  await expect.poll(() => textOf(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain('query Dashboard');
  return policy;
}

/** Runs the operation in the editor and answers the API's response to it, and the Authorization header sent. */
async function run(page: Page): Promise<{ status: number; body: { data?: any; errors?: { extensions?: { code?: string } }[] }; authorization?: string }> {
  const answer = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === '/graphql' &&
      response.request().method() === 'POST' &&
      (response.request().postData() ?? '').includes('query Dashboard'),
  );
  await page.getByRole('button', { name: /Execute query/ }).click();
  const response = await answer;
  return { status: response.status(), body: await response.json(), authorization: (await response.request().allHeaders()).authorization };
}

describe('GraphiQL offline', () => {
  it('renders from the server’s own assets and runs the default dashboard operation signed in', async () => {
    const { context, page, refused, problems } = await offline();
    await page.goto(`${api.origin}/dashboard`);
    await signInOnForm(page, 'quantri');
    await page.locator('main#dashboard[data-state="ready"]').waitFor({ timeout: 30_000 });

    const { token } = JSON.parse((await page.evaluate((key) => sessionStorage.getItem(key), sessionKey))!) as { token: string };

    const policy = await openGraphiQL(page);
    // Its own inline script by hash, the workers it makes from it, the API: nothing from another host.
    expect(policy).toMatch(
      /^default-src 'none'; script-src 'sha256-[\w+/=]+'; style-src 'unsafe-inline'; worker-src blob:;.* connect-src 'self';.* frame-ancestors 'none'$/,
    );
    expect(policy).not.toMatch(/https?:|unpkg/);
    expect(await page.title()).toBe('Dân Vận Khéo analytics · GraphiQL');
    const { status, body, authorization } = await run(page);
    expect(authorization).toBe(`Bearer ${token}`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.dashboard.unit).toEqual({ code: '06', name: expect.any(String) });
    expect(body.data.dashboard.coverages.length).toBeGreaterThan(0);
    await expect.poll(() => textOf(page, '.graphiql-response'), { timeout: 10_000 }).toContain('"coverages"');
    // The schema came through introspection (GraphiQL's is 21 levels deep): the documentation lists the dashboard.
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
    await expect.poll(() => textOf(page, '.graphiql-doc-explorer'), { timeout: 10_000 }).toMatch(/Query/);
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).click();
    await expect.poll(() => textOf(page, '.graphiql-doc-explorer'), { timeout: 10_000 }).toContain('dashboard');
    expect(refused).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers UNAUTHENTICATED signed out, and 401 to a token the server no longer accepts', async () => {
    const { context, page, refused, problems } = await offline();
    await openGraphiQL(page);
    // The dashboard field is nullable: signed out, its refusal is a partial answer, 200 by the spec (src/server/statuses.ts).
    expect((await run(page)).body).toMatchObject({ data: { dashboard: null }, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    await expect.poll(() => textOf(page, '.graphiql-response'), { timeout: 10_000 }).toContain('UNAUTHENTICATED');

    // A header pasted from a session that is over (typed into GraphiQL's headers editor): the whole request is refused.
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
    // Inserted as one input, as a paste is: typed key by key, the editor would close each brace and quote itself.
    await page.keyboard.insertText('{"Authorization": "Bearer a-session-that-ended"}');
    const answer = await run(page);
    expect(answer.authorization).toBe('Bearer a-session-that-ended');
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused).toEqual([]);
    // Chromium reports a 401 on the console; nothing else may appear there.
    expect(problems.filter((problem) => !/status of 401/.test(problem))).toEqual([]);
    await context.close();
  });
});
