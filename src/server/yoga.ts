// The yoga instance, separate from the listener: tests call `yoga.fetch` without opening a port.
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { createContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import { maskError } from '../errors.ts';
import { schema } from '../schema/index.ts';

export const GRAPHQL_PATH = '/graphql';

/** The operation GraphiQL opens with: something a first-time analyst can run and read. */
const firstQuery = `# Dân Vận Khéo analytics: the communes of Bắc Kạn before and after the 2020 merger.
query CommunesOfBacKan {
  before: units(under: "06", asOf: "2019-06-01", kind: [COMMUNE, WARD, TOWNSHIP]) { totalCount }
  after: units(under: "06", asOf: "2021-06-01", kind: [COMMUNE, WARD, TOWNSHIP]) { totalCount }
  cuongLoi: unit(code: "02152") {
    name
    parent(asOf: "2021-06-01") { name }
    predecessors { code name validTo }
    models(first: 5) { totalCount edges { node { title startYear field { nameVi } } } }
  }
}
`;

export function createServer(db: Database, options: { indicatorAdmin?: boolean } = {}) {
  return createYoga({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: () => createContext(db, options),
    maskedErrors: { maskError },
    graphiql: { title: 'Dân Vận Khéo analytics · GraphiQL', defaultQuery: firstQuery },
    landingPage: false,
    // /health answers while the process lives; /ready only when the database answers too.
    healthCheckEndpoint: '/health',
    plugins: [useReadinessCheck({ endpoint: '/ready', check: async () => void (await db.$queryRaw`SELECT 1`) })],
    logging: 'warn',
  });
}
