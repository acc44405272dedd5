// Real headless Chromium (Debian's package, driven by playwright-core) against the real server on a free
// port, and the portal example on a second origin.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { servePortalExample } from '../../scripts/portal.ts';
import type { Database } from '../../src/db/client.ts';
import { createServer } from '../../src/server/yoga.ts';

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

async function listen(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The API, dashboard and widgets on one port, and the portal example on another, allowed by CORS. */
export async function startServers(db: Database) {
  let apiOrigin = '';
  const portalSide = await listen(servePortalExample(() => apiOrigin));
  const api = await listen(createHttpServer(createServer(db, { corsOrigins: [portalSide.origin] })));
  apiOrigin = api.origin;
  return {
    api: api.origin,
    portal: portalSide.origin,
    close: async () => {
      await Promise.all([api.close(), portalSide.close()]);
    },
  };
}
