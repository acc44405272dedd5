// The listener: prepares the database (migrations, then demo data if it is empty, never in production)
// and serves the yoga instance over HTTP. `npm start` runs this file.
import { firstAdministratorHelp } from './access/accounts.ts';
import { configOrExit } from './config.ts';
import { createDatabase } from './db/client.ts';
import { providerOf } from './db/datamodel.ts';
import { migrateOrExit } from './db/migrations.ts';
import { keysFrom } from './access/tokens.ts';
import { isEmpty, seedDemo } from './demo/seed.ts';
import { demoSignInHelp, demoUsersWithPublishedPassword } from './demo/users.ts';
import { createLogger } from './log.ts';
import { createListener, LISTENER_LIMITS } from './server/listener.ts';
import { createServer, GRAPHQL_PATH } from './server/yoga.ts';

const started = performance.now();
const config = configOrExit('[dvk]');
const logger = createLogger({ level: config.logLevel, format: config.logFormat });
const log = (message: string) => logger.info(message);

const applied = await migrateOrExit(config.databaseUrl, '[dvk]');
if (applied.length) log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);

const db = createDatabase(config.databaseUrl);
if (config.seedDemo && (await isEmpty(db))) {
  log('Empty database: filling it with the demo data (dữ liệu mẫu Bắc Kạn)…');
  const summary = await seedDemo(db, (step) => log(`  ${step}`));
  log(
    `  ${Object.entries(summary)
      .map(([table, rows]) => `${rows} ${table}`)
      .join(', ')}`,
  );
}
if (config.production) {
  // A database seeded before production refused the demo still has an administrator anyone can sign in as.
  const published = await demoUsersWithPublishedPassword(db);
  if (published.length) {
    // Each command written out, ready to copy: an operator reads this line at a failed start.
    const commands = published.map((username) => `npm run users -- disable ${username}`).join('; ');
    logger.fatal(
      { users: published },
      `Refusing to serve in production: these demo users still sign in with the password the README publishes. Disable them first: ${commands}`,
    );
    process.exit(1);
  }
}
for (const line of await firstAdministratorHelp(db)) log(line);

if (config.authSecretGenerated) log('AUTH_SECRET is not set: signing with a key made for this process, so sign-ins and embed tokens end when it stops.');
const yoga = createServer(db, {
  keys: keysFrom(config.authSecret),
  corsOrigins: config.corsOrigins,
  graphiql: config.graphiql,
  introspection: config.introspection,
  rateLimit: config.rateLimit,
  responseCache: { ttl: config.responseCacheTtl * 1000 },
  logger,
});
const signInHelp = config.seedDemo ? await demoSignInHelp(db) : [];
const server = createListener(yoga, LISTENER_LIMITS, logger);
server.listen(config.port, config.host, () => {
  const base = `http://localhost:${config.port}`;
  log(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s on ${providerOf(config.databaseUrl)}`);
  log(`Dashboard:            ${base}/dashboard`);
  log(`GraphQL and GraphiQL: ${base}${GRAPHQL_PATH}`);
  log(`Widgets:              ${base}/widgets/dvk.js, ${base}/embed/chart?token=… (npm run users -- embed …)`);
  log(`Health:               ${base}/health, ${base}/metrics (event-loop delay)`);
  for (const line of signInHelp) log(line);
});

// A stray rejection (an abandoned promise of a failed request) must not take the whole server down.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void db.$disconnect().finally(() => process.exit(0));
  });
}
