// The yoga instance, separate from the listener: tests call `yoga.fetch` without opening a port.
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { createContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import { maskError } from '../errors.ts';
import { schema } from '../schema/index.ts';
import { useDepthLimit } from './limits.ts';
import { useImportTemplates } from './templates.ts';
import { useWebAssets } from './web.ts';

export const GRAPHQL_PATH = '/graphql';

/** The operation GraphiQL opens with: the whole leadership dashboard of Bắc Kạn for 2019, in one request. */
export const dashboardQuery = `# Dân Vận Khéo analytics: every indicator of Bắc Kạn (06) for 2019, in one operation.
query Dashboard($unit: String! = "06", $year: Int! = 2019) {
  dashboard(unit: $unit, year: $year) {
    unit { code name }
    coverages {
      indicator { code nameVi }
      numerator denominator ratio target gap shortfall status
      definition { vi }
      missing(first: 5) { totalCount edges { node { unit { code name } model { title } } } }
      breakdown(by: CHILD_UNITS) { group { label { vi } } numerator denominator ratio status }
      series { year ratio target }
    }
  }
}
`;

export interface ServerOptions {
  indicatorAdmin?: boolean;
  dataEntry?: boolean;
  /** Origins whose pages may call the API from the browser (portals embedding widgets). */
  corsOrigins?: string[];
}

export function createServer(db: Database, options: ServerOptions = {}) {
  return createYoga({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: ({ request }) =>
      createContext(db, { indicatorAdmin: options.indicatorAdmin, dataEntry: options.dataEntry, actor: request.headers.get('x-dvk-actor') }),
    cors: { origin: options.corsOrigins ?? [], methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'accept', 'authorization', 'x-dvk-actor'] },
    maskedErrors: { maskError },
    graphiql: { title: 'Dân Vận Khéo analytics · GraphiQL', defaultQuery: dashboardQuery },
    landingPage: false,
    // /health answers while the process lives; /ready only when the database answers too.
    healthCheckEndpoint: '/health',
    plugins: [useWebAssets(), useImportTemplates(), useDepthLimit(), useReadinessCheck({ endpoint: '/ready', check: async () => void (await db.$queryRaw`SELECT 1`) })],
    logging: 'warn',
  });
}
