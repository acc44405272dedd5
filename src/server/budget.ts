// The coverage budget: what an operation will compute, estimated from its document and variables before
// it runs, and refused beyond COVERAGE_BUDGET with QUERY_TOO_COMPLEX. Armor's cost (./limits.ts) counts
// fields; coverages multiply: a breakdown lists a unit's children, a series its years, a dashboard every
// indicator, and each nests in the others. Counted while resolving, the refusal came after the work had
// started, and what was under way ran on after the answer (docs/performance.md, "The coverage budget").
//
// The model, in the reads of one kept coverage (about 0.1 ms of the event loop on the 2-core machine):
//
// - a coverage costs 1: its kept row, read with the others of its request, and its fields;
// - a missing list costs MISSING_LIST_COST, its statement, plus MISSING_ITEM_COST for each item of its page;
// - a coverage restricted to a kind of unit (a breakdown by UNIT_KIND, and what is below it) is computed
//   from the records, not kept: it walks its subtree, 1 for each FROM_RECORDS_UNITS units of it.
//
// Not counted: the first computation of kept rows. It is made once, for every later request and every
// server (requests asking at once wait for one), and every dashboard needs it after a change to the tree;
// counted by its units, the national overview would be refused after each. The first read of a dashboard
// takes a second for a province, two minutes for the whole country (docs/performance.md).
//
// The counts are upper bounds, cheap to take: a breakdown by child units k levels deep lists at most the
// units within k levels of the unit asked on any day (each unit once, as a child or as itself), counted on
// the parent links of the unit tree the server keeps in memory; by field, every field; by kind, every
// kind; a series, its years. A field that names no unit answers null, and nothing below it is computed.
// Other lists on the way to a coverage (units below, pages, indicators) count their largest size.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../access/viewer.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import type { Context } from '../context.ts';
import { TooComplexError } from '../errors.ts';
import { unitKindNames } from '../indicators/phrases.ts';
import { MAX_YEARS } from '../schema/coverage.ts';
import { FIRST_YEAR } from '../entry/rules.ts';
import { MAX_PAGE_SIZE } from '../schema/inputs.ts';
import { MAX_TREE_DEPTH } from '../units/tree.ts';

/**
 * What one operation may compute, in kept coverages read: about half a second of the event loop. The
 * web dashboard of a province costs about 400, the national overview 650.
 */
export const COVERAGE_BUDGET = 5_000;
export const MISSING_LIST_COST = 5;
export const MISSING_ITEM_COST = 0.2;
/** Units of a subtree walked, from the records, for the cost of one kept coverage. */
export const FROM_RECORDS_UNITS = 30;

const UNIT_KINDS = Object.keys(unitKindNames).length;

/** What the estimate reads, each on first need: an operation without coverages reads nothing. */
export interface World {
  viewer: Viewer;
  tree: () => Promise<UnitTree>;
  indicators: () => Promise<number>;
  fields: () => Promise<number>;
}

export interface Estimate {
  /** In kept coverages read (see the model above). */
  cost: number;
  coverages: number;
  missingLists: number;
}

/** Where coverages stand in the operation: `factor` of them for each unit a breakdown reaches. */
/** Argument values as graphql-js gives them: already coerced to each argument's declared type, read as such. */
// biome-ignore lint/suspicious/noExplicitAny: each value has its argument's declared type, which the schema, not TypeScript, knows
type ArgumentValues = Record<string, any>;

interface Place {
  factor: number;
  /** The unit asked, or undefined when the document does not name it (a unit's own `coverage`). */
  rootId: number | undefined;
  /** Levels of breakdowns by child units below the unit asked. */
  depth: number;
  /** The year the numbers are for, when the document says it: a series' default span ends there. */
  year: number | undefined;
  byKind: boolean;
}

export async function estimateOperation(
  operation: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null },
  world: World,
): Promise<Estimate> {
  const { schema, document } = operation;
  const definition = document.definitions.find(
    (node) => node.kind === Kind.OPERATION_DEFINITION && (!operation.operationName || node.name?.value === operation.operationName),
  );
  const estimate: Estimate = { cost: 0, coverages: 0, missingLists: 0 };
  if (definition?.kind !== Kind.OPERATION_DEFINITION) return estimate;
  const rootType = schema.getRootType(definition.operation);
  const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], operation.variableValues ?? {});
  // Variables that do not fit are refused by execution itself, before any resolver.
  if (!rootType || coerced.errors) return estimate;
  const variables = coerced.coerced;
  const fragments = new Map(
    document.definitions.filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION).map((node) => [node.name.value, node]),
  );

  /** The fields of a selection, through fragments: each counted, as if every one were included. */
  const fieldsOf = (selections: SelectionSetNode): FieldNode[] =>
    selections.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      return fragment ? fieldsOf(fragment.selectionSet) : [];
    });

  const computing = new Set(['Coverage', 'Dashboard', 'EmbeddedChart']);
  const reaches = new WeakMap<SelectionSetNode, boolean>();
  /** Whether a selection reaches a coverage: bounds and facts are looked up only on the way to one. */
  const reachesCoverage = (selections: SelectionSetNode | undefined, type: GraphQLObjectType): boolean => {
    if (!selections) return false;
    let answer = reaches.get(selections);
    if (answer === undefined) {
      reaches.set(selections, false);
      answer = fieldsOf(selections).some((node) => {
        const field = type.getFields()[node.name.value];
        if (!field) return false;
        const named = getNamedType(field.type);
        return computing.has(named.name) || (isObjectType(named) && reachesCoverage(node.selectionSet, named));
      });
      reaches.set(selections, answer);
    }
    return answer;
  };

  const argsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): ArgumentValues => {
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      return {}; // refused by execution as well
    }
  };
  const unitId = async (code: unknown) => (typeof code === 'string' ? ((await world.tree()).byCode(code)?.id ?? null) : null);
  const unitsAt = async (place: Place, depth = place.depth) => {
    if (depth === 0) return 1;
    const tree = await world.tree();
    if (place.rootId !== undefined) return tree.countWithin(place.rootId, depth);
    return depth === 1 ? 1 + tree.mostChildren : tree.size;
  };
  const subtreeOf = async (place: Place) => {
    const tree = await world.tree();
    return place.rootId === undefined ? tree.size : tree.countWithin(place.rootId, Infinity);
  };
  const seriesYears = (args: { from?: number | null; to?: number | null }, year: number | undefined) => {
    const to = args.to ?? year;
    const from = args.from ?? (to === undefined ? undefined : Math.max(FIRST_YEAR, to - 9));
    if (from === undefined || to === undefined) return args.from == null ? 10 : MAX_YEARS;
    const years = to - from + 1;
    // A span the resolver refuses computes nothing.
    return years >= 1 && years <= MAX_YEARS ? years : 0;
  };
  const periodYear = (period: { year?: number | null; to?: number | null } | undefined) => period?.year ?? period?.to ?? undefined;

  /** The coverages of a place: counted, then their fields walked. */
  async function coverages(place: Place, node: FieldNode, type: GraphQLObjectType) {
    const units = await unitsAt(place);
    const count = place.factor * units;
    estimate.coverages += count;
    estimate.cost += count;
    if (place.byKind) estimate.cost += (place.factor * (place.depth + 1) * (await subtreeOf(place))) / FROM_RECORDS_UNITS;
    if (!node.selectionSet) return;
    for (const child of fieldsOf(node.selectionSet)) {
      const field = type.getFields()[child.name.value];
      if (!field) continue;
      const args = argsOf(field, child);
      const named = getNamedType(field.type);
      if (child.name.value === 'breakdown') {
        const by = args.by as string;
        const [factor, depth] =
          by === 'CHILD_UNITS' ? [place.factor, place.depth + 1] : [place.factor * (by === 'FIELD' ? await world.fields() : UNIT_KINDS), place.depth];
        await coverages({ ...place, factor, depth, byKind: place.byKind || by === 'UNIT_KIND' }, child, type);
      } else if (child.name.value === 'yearBefore') {
        // As many coverages again, a year earlier, on the same units.
        await coverages({ ...place, year: place.year === undefined ? undefined : place.year - 1 }, child, type);
      } else if (child.name.value === 'series') {
        await coverages({ ...place, factor: place.factor * seriesYears(args, place.year) }, child, type);
      } else if (child.name.value === 'missing') {
        const page = args.first ?? args.last ?? MAX_PAGE_SIZE;
        estimate.missingLists += count;
        estimate.cost += count * (MISSING_LIST_COST + MISSING_ITEM_COST * page);
        if (isObjectType(named)) await walk(child.selectionSet, named, count * page);
      } else if (isObjectType(named)) {
        await walk(child.selectionSet, named, count);
      }
    }
  }

  /** A selection outside coverages, `factor` times over: on to the coverages it reaches. */
  async function walk(selections: SelectionSetNode | undefined, type: GraphQLObjectType, factor: number): Promise<void> {
    if (!selections || factor === 0 || !reachesCoverage(selections, type)) return;
    for (const node of fieldsOf(selections)) {
      const field = type.getFields()[node.name.value];
      const named = field && getNamedType(field.type);
      if (!field || !isObjectType(named) || (!computing.has(named.name) && !reachesCoverage(node.selectionSet, named))) continue;
      const args = argsOf(field, node);
      const place = (rootId: number | undefined, year: number | undefined): Place => ({ factor, rootId, depth: 0, year, byKind: false });
      if (named.name === 'Coverage' && 'unit' in args) {
        const id = await unitId(args.unit);
        if (id === null) estimate.coverages += factor;
        else await coverages(place(id, periodYear(args.period)), node, named);
      } else if (named.name === 'Coverage') {
        // A unit's own coverage: the unit is not in the document.
        await coverages(place(undefined, periodYear(args.period)), node, named);
      } else if (named.name === 'Dashboard') {
        const id = await unitId(args.unit);
        if (id !== null) await dashboard(node, named, place(id, args.year as number));
      } else if (named.name === 'EmbeddedChart') {
        if (world.viewer.kind === 'embed') await embeddedChart(node, named, factor, args.year ?? world.viewer.grant.toYear);
      } else {
        await walk(node.selectionSet, named, factor * (isListType(getNullableType(field.type)) ? await listBound(type, field, args) : pageOf(field, args)));
      }
    }
  }

  async function dashboard(node: FieldNode, type: GraphQLObjectType, place: Place) {
    for (const child of fieldsOf(node.selectionSet!)) {
      const field = type.getFields()[child.name.value];
      const named = field && getNamedType(field.type);
      if (!field || !isObjectType(named)) continue;
      if (child.name.value === 'coverages') await coverages({ ...place, factor: place.factor * (await world.indicators()) }, child, named);
      else await walk(child.selectionSet, named, place.factor * (isListType(getNullableType(field.type)) ? MAX_TREE_DEPTH : 1));
    }
  }

  async function embeddedChart(node: FieldNode, type: GraphQLObjectType, factor: number, year: number) {
    if (world.viewer.kind !== 'embed') return;
    const { grant } = world.viewer;
    const id = await unitId(grant.unit);
    if (id === null) return;
    for (const child of fieldsOf(node.selectionSet!)) {
      const field = type.getFields()[child.name.value];
      const named = field && getNamedType(field.type);
      if (!field || !isObjectType(named) || named.name !== 'Coverage') continue;
      const years = child.name.value === 'series' ? Math.max(0, year - grant.fromYear + 1) : 1;
      await coverages({ factor: factor * years, rootId: id, depth: 0, year, byKind: false }, child, named);
    }
  }

  /** A connection's page: its first or last, else the largest page. */
  const pageOf = (field: GraphQLField<unknown, unknown>, args: ArgumentValues) =>
    field.args.some((arg) => arg.name === 'first') ? (args.first ?? args.last ?? MAX_PAGE_SIZE) : 1;

  async function listBound(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, args: ArgumentValues): Promise<number> {
    // A connection's page was counted at the connection.
    if (field.name === 'edges') return 1;
    if (field.name === 'ancestors') return MAX_TREE_DEPTH;
    if (type.name === 'Query' && field.name === 'indicators') return world.indicators();
    const tree = await world.tree();
    return type.name === 'Unit' && field.name === 'children' ? tree.mostChildren : Math.max(pageOf(field, args), tree.size);
  }

  await walk(definition.selectionSet, rootType, 1);
  estimate.cost = Math.ceil(estimate.cost);
  return estimate;
}

/** Refuses, before execution, an operation estimated beyond the budget. */
export function useCoverageBudget(): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      const estimate = await estimateOperation(args, {
        viewer: ctx.viewer,
        tree: ctx.facts.tree,
        indicators: async () => (await ctx.facts.indicators()).length,
        fields: async () => (await ctx.facts.fields()).length,
      });
      if (estimate.cost <= COVERAGE_BUDGET) return;
      const number = (value: number) => value.toLocaleString('en');
      setResultAndStopExecution({
        errors: [
          new TooComplexError(
            `This operation is estimated at ${number(estimate.cost)} (about ${number(estimate.coverages)} coverages and ${number(estimate.missingLists)} missing lists, ` +
              `weighed as kept coverages read), beyond the budget of ${number(COVERAGE_BUDGET)} one request may compute: its breakdowns, series and missing lists multiply. ` +
              'Ask for less at once: one indicator (`coverage`) rather than the dashboard, one level of breakdown, shorter series, missing lists only where they are shown; or split it into several operations.',
          ),
        ],
      });
    },
  };
}
