// The pages' GraphQL documents, typed from the API's schema by gql.tada: what a document answers and what
// variables it takes are read off the schema at compile time (graphql-env.d.ts, which `npm run
// schema:print` writes beside schema/schema.graphql and CI checks for drift). A page cannot ask for a field
// the API does not have, nor read one it did not ask for.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Days and moments travel as ISO strings (src/schema/builder.ts); a file is sent as a multipart part.
  scalars: { Date: string; DateTime: string; File: File };
  // Fragments only share selections here; their data is read where it lands.
  disableMasking: true;
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
