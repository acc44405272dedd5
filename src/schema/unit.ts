// Units (đơn vị): the tree of administrative units and organisations, which changes over time.
import type { Context } from '../context.ts';
import { InputError } from '../errors.ts';
import type { Prisma, Unit as UnitRow } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../text.ts';
import { inSubtree, MAX_TREE_DEPTH, validOn } from '../units/tree.ts';
import { builder } from './builder.ts';
import { pagedBy } from './inputs.ts';

export const UnitKind = builder.enumType('UnitKind', {
  description: 'Kind of unit (loại đơn vị).',
  values: {
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
      description:
        'Unique code: the official statistics-office code, with a "-YYYY" suffix for a later holder of a reused code (e.g. "01960-2020").',
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
async function unitsWhere(
  ctx: Context,
  args: { kind?: string[] | null; under?: string | null; asOf?: Date | null; search?: string | null },
): Promise<Prisma.UnitWhereInput> {
  const day = args.asOf ?? ctx.today;
  if (args.under && !(await ctx.db.unit.findUnique({ where: { code: args.under }, select: { id: true } }))) {
    throw new InputError(`under: no unit has the code ${JSON.stringify(args.under)}`);
  }
  // LIKE's wildcards are not for users: "%" would match every unit.
  const search = args.search ? foldForSearch(args.search).replace(/[%_\\]/g, '') : '';
  return {
    AND: [
      validOn(day),
      args.under ? inSubtree(args.under, day) : {},
      args.kind ? { kind: { in: args.kind as UnitRow['kind'][] } } : {},
      // A search of only symbols matches nothing rather than everything.
      args.search == null ? {} : search ? { searchName: { contains: search } } : { id: { in: [] } },
    ],
  };
}

builder.queryFields((t) => ({
  unit: t.prismaField({
    type: Unit,
    nullable: true,
    description: 'The unit with this code, or null if there is none.',
    args: { code: t.arg.string({ required: true, description: 'Unit code, e.g. "06" (Bắc Kạn) or "02152" (xã Cường Lợi).' }) },
    resolve: (query, _root, { code }, ctx) => ctx.db.unit.findUnique({ ...query, where: { code } }),
  }),
  units: t.prismaConnection(
    {
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
      resolve: async (query, _root, args, ctx) =>
        ctx.db.unit.findMany({ ...query, where: await unitsWhere(ctx, args), orderBy: { code: 'asc' } }),
    },
    { name: 'UnitConnection', description: 'A page of units.' },
  ),
}));
