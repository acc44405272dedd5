// Limits on what one operation may ask, so that no single request can exhaust the server: GraphQL Armor
// checks tokens, depth, aliases, directives and cost before execution, and the coverage budget (./budget.ts)
// what the operation's breakdowns, series and missing lists multiply to. Every refusal answers
// QUERY_TOO_COMPLEX with a 400. The limits
// on what a request may carry around the operation (its body, its variables) are here too; ./guards.ts and
// ./inputs.ts enforce them.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TooComplexError } from '../errors.ts';

/**
 * Deep enough for GraphiQL's introspection (21 levels: the GraphiQL 5 that @graphql-yoga/render-graphiql
 * bundles follows nine levels of ofType) and the dashboard (7). Deeper ordinary operations are held by the
 * cost, which grows 1.5 times a level.
 */
export const MAX_DEPTH = 21;
/** The dashboard's operation has about 150 tokens and GraphiQL's introspection about 300. */
export const MAX_TOKENS = 3000;
export const MAX_ALIASES = 30;
export const MAX_DIRECTIVES = 50;
/** Armor's cost (objects 2, scalars 1, times 1.5 per level): the dashboard costs about 1,000. */
export const MAX_COST = 20_000;

/** An operation in JSON is small: the dashboard's is 1 KB. */
export const MAX_JSON_BODY_BYTES = 100 * 1024;
/** The dashboard's variables are one level deep and an import's a few; a walker of 32 levels is safe. */
export const MAX_VARIABLE_DEPTH = 32;

/** Armor's own errors carry no code; each becomes ours, reported where the check ran. */
function refuse(context: ValidationContext | null, error: GraphQLError): void {
  const refusal = new TooComplexError(error.message.replace(/^Syntax Error: /, ''));
  if (context) context.reportError(refusal);
  else throw refusal;
}

export function useOperationLimits(): Plugin[] {
  const rejection = { propagateOnRejection: false, onReject: [refuse] };
  const armor = new EnvelopArmor({
    maxTokens: { n: MAX_TOKENS, ...rejection },
    maxDepth: { n: MAX_DEPTH, ...rejection, ignoreIntrospection: false },
    maxAliases: { n: MAX_ALIASES, ...rejection },
    maxDirectives: { n: MAX_DIRECTIVES, ...rejection },
    costLimit: { maxCost: MAX_COST, ...rejection },
    // Suggestions ("did you mean …?") would tell a stranger the schema that introspection hides.
    blockFieldSuggestion: { enabled: true },
  });
  return armor.protect().plugins as Plugin[];
}
