// The widget's persisted operation against the schema. The pages' other documents are typed by gql.tada
// (web/shared/graphql.ts) and checked by the compiler; the widget sends only a hash, so that its script
// carries no GraphQL parser, and its operation is held to the schema and to what the widget reads here.
import { parse, validate } from 'graphql';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EARLIER_EMBEDDED_CHART_OPERATIONS, EMBEDDED_CHART_OPERATION } from '../../src/embed/operation.ts';
import { schema } from '../../src/schema/index.ts';
import { graphql, type ResultOf } from '../../web/shared/graphql.ts';
import type { EmbeddedChart } from '../../web/widgets/coverage.ts';

const document = graphql(EMBEDDED_CHART_OPERATION);

describe('the widget’s persisted operation', () => {
  it('is valid against the schema, as are those of earlier scripts still answered', () => {
    for (const operation of [EMBEDDED_CHART_OPERATION, ...Object.values(EARLIER_EMBEDDED_CHART_OPERATIONS)])
      expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
  });

  it('answers what the widget reads (checked by the compiler: npm run typecheck)', () => {
    expectTypeOf<ResultOf<typeof document>>().toExtend<{ embeddedChart: EmbeddedChart }>();
  });
});
