// Real headless Chromium (Debian's package, driven by playwright-core) against the real server on a free
// port, and the portal example on a second origin with embed tokens issued in the database.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { issuePortalTokens, servePortalExample, type PortalSettings } from '../../scripts/portal.ts';
import { issueEmbedToken } from '../../src/access/accounts.ts';
import type { EmbedGrant } from '../../src/access/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/demo/users.ts';
import { createListener } from '../../src/server/listener.ts';
import { sessionKey } from '../../web/shared/session.ts';
import { listen } from './listening.ts';
import { testKeys, testServer } from './viewers.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots the tests write, for people to look at; the folder is ignored by git. */
export const artifacts = 'test-artifacts';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // Without these, Chromium spends its time on connections this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** An embed token for a grant, signed with the test servers' key, without expiry, for these portal origins (none: CORS_ORIGINS). */
export function embedTokenFor(db: Database, grant: EmbedGrant, portalOrigins?: string[]): Promise<{ id: string; token: string }> {
  return issueEmbedToken(db, testKeys, grant, { portalOrigins, label: 'browser tests', issuedBy: 'test.admin' });
}

/** The API, dashboard and widgets on one port, and the portal example on another, with tokens for its origin. */
export async function startServers(db: Database) {
  const settings: PortalSettings = { api: '', tokens: {} as PortalSettings['tokens'] };
  const portalSide = await listen(servePortalExample(() => settings));
  settings.tokens = await issuePortalTokens(async (grant) => (await embedTokenFor(db, grant, [portalSide.origin])).token);
  const api = await listen(createListener(testServer(db, { corsOrigins: [portalSide.origin] })));
  settings.api = api.origin;
  return {
    api: api.origin,
    portal: portalSide.origin,
    /** The portal page's embed tokens, by widget. */
    tokens: settings.tokens,
    close: async () => {
      await Promise.all([api.close(), portalSide.close()]);
    },
  };
}

/** Signs in on the dashboard's form (the page must show it), finding the fields by their labels as a reader would. */
export async function signInOnForm(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * The session the dashboard keeps once `username` has signed in on its form. sessionStorage belongs to one
 * tab, so a page that should start signed in gets it with startSignedIn.
 */
export async function sessionThroughForm(browser: Browser, api: string, username: string): Promise<string> {
  const page = await browser.newPage();
  await page.goto(`${api}/dashboard`);
  await signInOnForm(page, username);
  const session = await page.waitForFunction((key) => sessionStorage.getItem(key), sessionKey, { timeout: 30_000 });
  const value = (await session.jsonValue()) as string;
  await page.close();
  return value;
}

/** Makes every document the page opens start with this session, as if its reader had signed in. */
export async function startSignedIn(page: Page, session: string): Promise<void> {
  await page.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [sessionKey, session] as const);
}

/** axe-core's script, run in the page through the DevTools protocol, which the page's CSP does not govern. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page, of every impact, as "rule (impact): element" lines a failure can be read from. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  type Violation = { id: string; impact: string; nodes: { target: unknown[] }[] };
  // Every rule runs on every node; only the violations get a selector for each node they hold (axe's
  // resultTypes): the accessibility test took 13.6 to 15.8 s alone, against 16.1 to 16.5 s with every type.
  type Axe = { run: (context: Document, options: { resultTypes: string[] }) => Promise<{ violations: Violation[] }> };
  const violations = await page.evaluate(async () => (await (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${JSON.stringify(node.target)}`));
}
