// Units (đơn vị): the tree of administrative units and organisations, which changes over time; the changes
// themselves are src/units/changes.ts.
import type { Context } from '../context.ts';
import { writeAs } from '../entry/write.ts';
import { InputError } from '../errors.ts';
import type { Prisma, Unit as UnitRow } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../lib/text.ts';
import { createUnit, mergeUnits, moveUnit, renameUnit, splitUnit } from '../units/changes.ts';
import { MAX_TREE_DEPTH, validOn } from '../units/tree.ts';
import { builder } from './builder.ts';
import { oncePerArgs, pagedBy } from './inputs.ts';

export const UnitKind = builder.enumType('UnitKind', {
  description: 'Kind of unit (loại đơn vị).',
  values: {
    COUNTRY: { description: 'The whole country (cả nước): the root above the provinces, whose coverage is the national overview.' },
    PROVINCE: { description: 'Province (tỉnh, thành phố trực thuộc trung ương).' },
    DISTRICT: { description: 'District (huyện, thị xã, thành phố thuộc tỉnh).' },
    COMMUNE: { description: 'Commune (xã).' },
    WARD: { description: 'Ward (phường).' },
    TOWNSHIP: { description: 'Township (thị trấn).' },
    AGENCY: { description: 'Agency or office (cơ quan, đơn vị).' },
    PARTY_ORGANISATION: { description: 'Party organisation (tổ chức Đảng).' },
    MASS_ORGANISATION: { description: 'Mass organisation (đoàn thể).' },
    FRONT: { description: 'Fatherland Front committee (Mặt trận Tổ quốc).' },
  } as const,
});

export const UnitLevel = builder.enumType('UnitLevel', {
  description: 'Administrative level (cấp); an organisation takes the level of the authority it serves.',
  values: {
    CENTRAL: { description: 'Central level (cấp trung ương): the country, and the organisations of the central authorities.' },
    PROVINCE: { description: 'Province level (cấp tỉnh).' },
    DISTRICT: { description: 'District level (cấp huyện).' },
    COMMUNE: { description: 'Commune level (cấp xã): xã, phường, thị trấn.' },
  } as const,
});

export const LineageKind = builder.enumType('LineageKind', {
  description: 'How a unit passed into its successor (hình thức sắp xếp).',
  values: {
    MERGER: { description: 'Merger (nhập): the whole unit became part of the successor.' },
    SPLIT: { description: 'Split (chia): part of the unit went to this successor, part to another.' },
    CONTINUATION: { description: 'The same place under a new code, type or parent.' },
  } as const,
});

/** Chain of parent links up to MAX_TREE_DEPTH levels, each the one valid on `day`. */
function parentChain(day: Date, depth: number): Prisma.Unit$parentLinksArgs {
  return {
    where: validOn(day),
    take: 1,
    select: { parent: depth > 1 ? { include: { parentLinks: parentChain(day, depth - 1) } } : true },
  };
}
type UnitWithParents = UnitRow & { parentLinks?: { parent: UnitWithParents }[] };

export const Unit = builder.prismaObject('Unit', {
  description:
    'An administrative unit or an organisation (đơn vị). Units form a tree that changes over time: each has a validity interval, parents over intervals, and merger lineage.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'Unique code: the official statistics-office code, with a "-YYYY" suffix for a later holder of a reused code (e.g. "01960-2020").',
    }),
    officialCode: t.exposeString('officialCode', { description: 'Official statistics-office code (mã đơn vị hành chính); reused after mergers.' }),
    name: t.exposeString('name', { description: 'Full official Vietnamese name with its type prefix, e.g. "Xã Cường Lợi".' }),
    kind: t.expose('kind', { type: UnitKind, description: 'Kind of unit (loại đơn vị).' }),
    level: t.expose('level', { type: UnitLevel, description: 'Administrative level (cấp).' }),
    validFrom: t.expose('validFrom', { type: 'Date', nullable: true, description: 'First day the unit exists; null when it predates the records.' }),
    validTo: t.expose('validTo', { type: 'Date', nullable: true, description: 'Last day the unit exists; null while it still exists.' }),
    note: t.exposeString('note', { nullable: true, description: 'Remarks on the unit and its sources.' }),
  }),
});

// The tree fields refer back to Unit, so they are added once its reference exists.
builder.prismaObjectFields(Unit, (t) => ({
  parent: t.field({
    type: Unit,
    nullable: true,
    description: 'The unit directly above on the given day (đơn vị cấp trên); null at the top of the tree.',
    args: { asOf: t.arg({ type: 'Date', description: 'The day the tree is read on (defaults to today).' }) },
    select: (args, ctx, nestedSelection) => ({
      parentLinks: { where: validOn(args.asOf ?? ctx.today), take: 1, select: { parent: nestedSelection(true) } },
    }),
    resolve: (unit) => unit.parentLinks[0]?.parent ?? null,
  }),
  children: t.field({
    type: [Unit],
    description: 'The units directly below on the given day (đơn vị trực thuộc), by code.',
    args: {
      asOf: t.arg({ type: 'Date', description: 'The day the tree is read on (defaults to today).' }),
      kind: t.arg({ type: [UnitKind], description: 'Only units of these kinds.' }),
    },
    select: (args, ctx, nestedSelection) => {
      const day = args.asOf ?? ctx.today;
      return {
        childLinks: {
          where: { ...validOn(day), unit: { ...validOn(day), ...(args.kind ? { kind: { in: args.kind } } : {}) } },
          orderBy: { unit: { code: 'asc' } },
          select: { unit: nestedSelection(true) },
        },
      };
    },
    resolve: (unit) => unit.childLinks.map((link) => link.unit),
  }),
  ancestors: t.field({
    type: [Unit],
    description: 'The units above on the given day, from the top of the tree down to the parent (a breadcrumb).',
    args: { asOf: t.arg({ type: 'Date', description: 'The day the tree is read on (defaults to today).' }) },
    select: (args, ctx) => ({ parentLinks: parentChain(args.asOf ?? ctx.today, MAX_TREE_DEPTH) }),
    resolve: (unit) => {
      const ancestors: UnitRow[] = [];
      for (let link = (unit as unknown as UnitWithParents).parentLinks?.[0]; link; link = link.parent.parentLinks?.[0]) {
        ancestors.unshift(link.parent);
      }
      return ancestors;
    },
  }),
  successors: t.field({
    type: [Unit],
    description: 'The units this one passed into by merger, split or continuation (đơn vị kế thừa).',
    select: (_args, _ctx, nestedSelection) => ({
      successorLinks: { orderBy: { successorId: 'asc' }, select: { successor: nestedSelection(true) } },
    }),
    resolve: (unit) => unit.successorLinks.map((link) => link.successor),
  }),
  predecessors: t.field({
    type: [Unit],
    description: 'The units that passed into this one (đơn vị trước sắp xếp).',
    select: (_args, _ctx, nestedSelection) => ({
      predecessorLinks: { orderBy: { predecessorId: 'asc' }, select: { predecessor: nestedSelection(true) } },
    }),
    resolve: (unit) => unit.predecessorLinks.map((link) => link.predecessor),
  }),
  successorLinks: t.relation('successorLinks', {
    description: 'How and when this unit passed into its successors.',
    query: { orderBy: { successorId: 'asc' } },
  }),
  predecessorLinks: t.relation('predecessorLinks', {
    description: 'How and when other units passed into this one.',
    query: { orderBy: { predecessorId: 'asc' } },
  }),
}));

builder.prismaObject('UnitLineage', {
  description: 'A merger lineage link (sắp xếp đơn vị hành chính): the predecessor passed, wholly or in part, into the successor.',
  fields: (t) => ({
    predecessor: t.relation('predecessor', { description: 'The unit that ceased or changed.' }),
    successor: t.relation('successor', { description: 'The unit it passed into.' }),
    effectiveDate: t.expose('effectiveDate', { type: 'Date', description: 'Day the change took effect (ngày có hiệu lực).' }),
    kind: t.expose('kind', { type: LineageKind, description: 'Merger, split or continuation.' }),
    resolution: t.exposeString('resolution', { nullable: true, description: 'Legal basis, e.g. "855/NQ-UBTVQH14" (nghị quyết).' }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'Where the change is published.' }),
  }),
});

/** The filter of the `units` query; `under` must name a known unit. */
const unitsWhere = oncePerArgs(async function unitsWhere(
  ctx: Context,
  args: { kind?: string[] | null; under?: string | null; asOf?: Date | null; search?: string | null },
): Promise<Prisma.UnitWhereInput> {
  const day = args.asOf ?? ctx.today;
  const tree = await ctx.facts.tree();
  const under = args.under == null ? undefined : tree.byCode(args.under);
  if (args.under && !under) throw new InputError(`under: no unit has the code ${JSON.stringify(args.under)}`);
  // LIKE's wildcards are not for users: "%" would match every unit.
  const search = args.search ? foldForSearch(args.search).replace(/[%_\\]/g, '') : '';
  return {
    AND: [
      validOn(day),
      under ? { id: { in: [...tree.below(under.id, day)] } } : {},
      args.kind ? { kind: { in: args.kind as UnitRow['kind'][] } } : {},
      // A search of only symbols matches nothing rather than everything.
      args.search == null ? {} : search ? { searchName: { contains: search } } : { id: { in: [] } },
    ],
  };
});

builder.queryFields((t) => ({
  unit: t.prismaField({
    authScopes: { signedIn: true },
    type: Unit,
    nullable: true,
    description: 'The unit with this code, or null if there is none.',
    args: { code: t.arg.string({ required: true, description: 'Unit code, e.g. "06" (Bắc Kạn) or "02152" (xã Cường Lợi).' }) },
    resolve: (query, _root, { code }, ctx) => ctx.db.unit.findUnique({ ...query, where: { code } }),
  }),
  units: t.prismaConnection(
    {
      authScopes: { signedIn: true },
      type: Unit,
      cursor: 'code',
      description: 'Units that exist on a day, by code: optionally only some kinds, only a subtree, or only names matching a search.',
      args: {
        kind: t.arg({ type: [UnitKind], description: 'Only units of these kinds.' }),
        under: t.arg.string({ description: 'Only this unit and the units below it on that day (code).' }),
        asOf: t.arg({ type: 'Date', description: 'The day the tree is read on (defaults to today).' }),
        search: t.arg.string({ description: 'Part of the name, with or without diacritics, any case ("cuong loi" finds "Xã Cường Lợi").' }),
      },
      maxSize: pagedBy('code'),
      totalCount: async (_parent, args, ctx) => ctx.db.unit.count({ where: await unitsWhere(ctx, args) }),
      resolve: async (query, _root, args, ctx) => ctx.db.unit.findMany({ ...query, where: await unitsWhere(ctx, args), orderBy: { code: 'asc' } }),
    },
    { name: 'UnitConnection', description: 'A page of units.' },
  ),
}));

const UnitInput = builder.inputType('UnitInput', {
  description: 'A new unit (đơn vị) as an officer enters it.',
  fields: (t) => ({
    code: t.string({
      required: true,
      description: 'Unique code: letters, digits and . - _; a later holder of a reused official code adds "-YYYY" (e.g. "01960-2020").',
    }),
    officialCode: t.string({ description: 'Official statistics-office code (mã đơn vị hành chính); defaults to the code without a "-YYYY" suffix.' }),
    name: t.string({ required: true, description: 'Full official Vietnamese name with its type prefix, e.g. "Xã Hiệp Lực".' }),
    kind: t.field({ type: UnitKind, required: true, description: 'Kind of unit (loại đơn vị).' }),
    level: t.field({ type: UnitLevel, required: true, description: 'Administrative level (cấp); it must match an administrative kind.' }),
    validFrom: t.field({ type: 'Date', description: 'First day the unit exists (ngày thành lập); omit when it predates the records.' }),
    parent: t.string({
      description:
        'Code of the unit directly above (đơn vị cấp trên), which must exist on `validFrom` (today when omitted); omit for the top of a tree. The country has no parent, a province sits only under the country (or at the top), and directly under the country sit only provinces and organisations at CENTRAL level.',
    }),
    note: t.string({ description: 'Remarks on the unit and its sources.' }),
  }),
});

const MergeUnitsInput = builder.inputType('MergeUnitsInput', {
  description: 'A merger (sáp nhập, nhập): units that end and pass wholly into one successor.',
  fields: (t) => ({
    from: t.stringList({ required: true, description: 'Codes of the units that end, each once; each must exist the day before `effective`.' }),
    into: t.string({
      required: true,
      description: 'Code of the successor, which must exist on `effective`: a new unit (create it first with createUnit) or one that absorbs the others.',
    }),
    effective: t.field({ type: 'Date', required: true, description: 'Day the merger takes effect (ngày có hiệu lực); the merged units end the day before.' }),
    resolution: t.string({ description: 'Legal basis (nghị quyết), e.g. "855/NQ-UBTVQH14".' }),
  }),
});

const SplitUnitInput = builder.inputType('SplitUnitInput', {
  description: 'A split (chia): a unit ends and passes, in parts, into two or more successors.',
  fields: (t) => ({
    unit: t.string({ required: true, description: 'Code of the unit that ends; it must exist the day before `effective`.' }),
    into: t.stringList({ required: true, description: 'Codes of the successors, at least two, each once; each must exist on `effective`.' }),
    effective: t.field({ type: 'Date', required: true, description: 'Day the split takes effect (ngày có hiệu lực); the unit ends the day before.' }),
    resolution: t.string({ description: 'Legal basis (nghị quyết), e.g. "855/NQ-UBTVQH14".' }),
  }),
});

builder.mutationFields((t) => ({
  createUnit: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description: 'Creates a unit (thành lập đơn vị) with its parent from its first day. Province officers and administrators, within their area.',
    args: { input: t.arg({ type: UnitInput, required: true, description: 'The unit.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) =>
        writer.tx.unit.findUniqueOrThrow({
          ...query,
          where: { id: await createUnit(writer, input, { today: ctx.today, wholeCountry: ctx.scope.wholeCountry }) },
        }),
      ),
  }),
  renameUnit: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description: 'Changes a unit’s name (đổi tên); the name holds for the unit’s whole life. Province officers and administrators, within their area.',
    args: {
      code: t.arg.string({ required: true, description: 'Code of the unit.' }),
      name: t.arg.string({ required: true, description: 'Its full official Vietnamese name with its type prefix.' }),
    },
    resolve: (query, _root, args, ctx) =>
      writeAs(ctx, async (writer) => writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: await renameUnit(writer, args.code, args.name) } })),
  }),
  moveUnit: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description:
      'Puts a unit under another parent from a day on (chuyển đơn vị cấp trên): its parent link ends the day before, a new one starts that day. Province officers and administrators, within their area.',
    args: {
      code: t.arg.string({ required: true, description: 'Code of the unit that moves; it must exist on `from`.' }),
      parent: t.arg.string({
        required: true,
        description:
          'Code of the new parent; it must exist on `from`, must not be the unit or below it, and must be one the unit may sit under (see UnitInput.parent).',
      }),
      from: t.arg({ type: 'Date', required: true, description: 'First day under the new parent.' }),
    },
    resolve: (query, _root, args, ctx) =>
      writeAs(ctx, async (writer) => writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: await moveUnit(writer, args.code, args.parent, args.from) } })),
  }),
  mergeUnits: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description:
      'Records a merger (sáp nhập): the units end the day before it takes effect and pass into the successor, which from then on answers for their records. Answers the successor. Province officers and administrators, within their area.',
    args: { input: t.arg({ type: MergeUnitsInput, required: true, description: 'The merger.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: await mergeUnits(writer, input) } })),
  }),
  splitUnit: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description:
      'Records a split (chia): the unit ends the day before it takes effect and passes, in parts, into each successor. Answers the unit that was split. Province officers and administrators, within their area.',
    args: { input: t.arg({ type: SplitUnitInput, required: true, description: 'The split.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: await splitUnit(writer, input) } })),
  }),
}));
