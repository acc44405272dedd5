// Units (đơn vị): the tree of administrative units and organisations, which changes over time.
import { z } from 'zod';
import type { Context } from '../context.ts';
import { failIfAny, isoDay, lifespan, parse, problemsOf, text } from '../entry/checks.ts';
import { listed, unitRecordsOutside } from '../entry/reach.ts';
import { FIELDS, refinedBy, sitsUnder, UNIT_KINDS, UNIT_LEVELS, unitRules, zEnum, zText } from '../entry/rules.ts';
import { writeAs, type Writer } from '../entry/write.ts';
import { ForbiddenError, InputError, type Problem } from '../errors.ts';
import type { Prisma, Unit as UnitRow } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../text.ts';
import { existsOn, MAX_TREE_DEPTH, validOn } from '../units/tree.ts';
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

// Data entry (nhập liệu): create units and record how the tree changes — a rename, a move to another
// parent, a merger (sáp nhập), a split (chia). A unit is never deleted: it ends on a day and passes into its
// successors, so that earlier years keep counting the tree as it stood then.

const DAY_MS = 86_400_000;
const dayBefore = (day: Date) => new Date(day.getTime() - DAY_MS);
const named = (unit: UnitRow) => `${unit.name} (${unit.code})`;

const unitCode = zText(FIELDS.unit.code);
const unitName = zText(FIELDS.unit.name);
const resolution = text(100).nullish();

const unitFields = refinedBy(
  z.object({
    code: unitCode,
    officialCode: unitCode.nullish(),
    name: unitName,
    kind: zEnum(UNIT_KINDS),
    level: zEnum(UNIT_LEVELS),
    validFrom: z.date().nullish(),
    parent: unitCode.nullish(),
    note: zText(FIELDS.unit.note).nullish(),
  }),
  unitRules,
);

/** Codes listed for a merger or split: each once, and none equal to `other` (the unit on the other side). */
function listProblems(codes: string[], other: string, otherRole: string, path: (string | number)[]) {
  return codes.flatMap((code, index) =>
    code === other
      ? [{ path: [...path, index], message: `${code} is ${otherRole}` }]
      : codes.indexOf(code) < index
        ? [{ path: [...path, index], message: `${code} is listed twice` }]
        : [],
  );
}

const mergeFields = z
  .object({ from: z.array(unitCode).min(1, 'at least one unit'), into: unitCode, effective: z.date(), resolution })
  .superRefine((merge, issues) => {
    for (const problem of listProblems(merge.from, merge.into, 'the unit they merge into', ['from'])) issues.addIssue({ code: 'custom', ...problem });
  });

const splitFields = z
  .object({ unit: unitCode, into: z.array(unitCode).min(2, 'at least two successors'), effective: z.date(), resolution })
  .superRefine((split, issues) => {
    for (const problem of listProblems(split.into, split.unit, 'the unit that is split', ['into'])) issues.addIssue({ code: 'custom', ...problem });
  });

/** The unit with this code, or a problem at `path`. */
async function knownUnit(tx: Prisma.TransactionClient, code: string, path: (string | number)[]): Promise<{ unit?: UnitRow; problem?: Problem }> {
  const unit = await tx.unit.findUnique({ where: { code } });
  return unit ? { unit } : { problem: { path, message: `no unit has the code ${JSON.stringify(code)}` } };
}

/** The unit with this code if it exists on `day`; otherwise a problem at `path` saying why not. */
async function unitOn(tx: Prisma.TransactionClient, code: string, day: Date, path: (string | number)[]): Promise<{ unit?: UnitRow; problem?: Problem }> {
  const found = await knownUnit(tx, code, path);
  if (found.unit && !existsOn(found.unit, day)) {
    return { problem: { path, message: `${named(found.unit)} does not exist on ${isoDay(day)}: it exists from ${lifespan(found.unit)}` } };
  }
  return found;
}

/** The country is the root of the tree: it neither ends in a merger or split nor takes over another unit. */
function notTheCountry(found: { unit?: UnitRow; problem?: Problem }, path: (string | number)[]): { unit?: UnitRow; problem?: Problem } {
  if (found.unit?.kind !== 'COUNTRY') return found;
  return { problem: { path, message: `${named(found.unit)} is the country: it is neither merged nor split, and takes over no other unit` } };
}

/**
 * The unit, if it can end on `lastDay` and pass into successors: it exists that day, has not ended
 * before, and no unit still sits under it the day after (they would be left under a unit that no longer exists).
 */
async function endingUnit(
  tx: Prisma.TransactionClient,
  code: string,
  lastDay: Date,
  path: (string | number)[],
): Promise<{ unit?: UnitRow; problem?: Problem }> {
  const { unit, problem } = notTheCountry(await knownUnit(tx, code, path), path);
  if (!unit) return { problem };
  const effective = new Date(lastDay.getTime() + DAY_MS);
  if (unit.validTo && unit.validTo < effective) return { problem: { path, message: `${named(unit)} already ended on ${isoDay(unit.validTo)}` } };
  if (!existsOn(unit, lastDay)) return { problem: { path, message: `${named(unit)} does not exist on ${isoDay(lastDay)}: it exists from ${lifespan(unit)}` } };
  const children = await tx.unitParent.findMany({
    where: { parentId: unit.id, ...validOn(effective), unit: validOn(effective) },
    select: { unit: { select: { code: true } } },
    orderBy: { unit: { code: 'asc' } },
  });
  if (children.length) {
    const codes = children.map((child) => child.unit.code).join(', ');
    return { problem: { path, message: `${named(unit)} still has units under it on ${isoDay(effective)} (${codes}); move them first with moveUnit` } };
  }
  // Its records of later years would belong to a unit that no longer exists, and no longer import.
  const later = await unitRecordsOutside(tx, unit.id, { validFrom: null, validTo: lastDay });
  if (later.length)
    return { problem: { path, message: `${named(unit)} has records after ${isoDay(lastDay)}: ${listed(later, 'en')}; record them for its successor first` } };
  return { unit };
}

const parentKey = (unit: UnitRow, link: { validFrom: Date | null }) => `${unit.code}/parent@${link.validFrom ? isoDay(link.validFrom) : 'start'}`;
const auditedUnit = (unit: UnitRow, before: object | null, after: object | null) => ({ entity: 'Unit', entityKey: unit.code, unitId: unit.id, before, after });
const auditedLink = (unit: UnitRow, link: { validFrom: Date | null }, before: object | null, after: object | null) => ({
  entity: 'UnitParent',
  entityKey: parentKey(unit, link),
  unitId: unit.id,
  before,
  after,
});

/** Ends the unit on `lastDay` with its parent link, and links it to its successors. */
async function passInto(
  writer: Writer,
  unit: UnitRow,
  successors: { unit: UnitRow; kind: 'MERGER' | 'SPLIT' | 'CONTINUATION' }[],
  effective: Date,
  legalBasis: string | null,
) {
  const lastDay = dayBefore(effective);
  const ended = await writer.tx.unit.update({ where: { id: unit.id }, data: { validTo: lastDay } });
  await writer.audit(auditedUnit(ended, unit, ended));
  const open = await writer.tx.unitParent.findFirst({ where: { unitId: unit.id, ...validOn(lastDay), OR: [{ validTo: null }, { validTo: { gt: lastDay } }] } });
  if (open) {
    const closed = await writer.tx.unitParent.update({ where: { id: open.id }, data: { validTo: lastDay } });
    await writer.audit(auditedLink(unit, open, open, closed));
  }
  for (const successor of successors) {
    const link = await writer.tx.unitLineage.create({
      data: { predecessorId: unit.id, successorId: successor.unit.id, effectiveDate: effective, kind: successor.kind, resolution: legalBasis },
    });
    await writer.audit({ entity: 'UnitLineage', entityKey: `${unit.code}>${successor.unit.code}`, unitId: unit.id, before: null, after: link });
  }
}

/** Whether `unit` is `candidate` or above it on `day`: putting it under `candidate` would make a cycle. */
async function isAtOrAbove(tx: Prisma.TransactionClient, unit: UnitRow, candidate: UnitRow, day: Date): Promise<boolean> {
  const seen = new Set<number>();
  for (let id: number | undefined = candidate.id; id !== undefined && !seen.has(id); ) {
    if (id === unit.id) return true;
    seen.add(id);
    id = (await tx.unitParent.findFirst({ where: { unitId: id, ...validOn(day) }, select: { parentId: true } }))?.parentId;
  }
  return false;
}

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
      writeAs(ctx, async (writer) => {
        const { value, problems } = parse(unitFields, input, ['input']);
        failIfAny(problems);
        const fields = value!;
        const taken = await writer.tx.unit.findUnique({ where: { code: fields.code } });
        if (taken) problems.push({ path: ['input', 'code'], message: `${fields.code} is already the code of ${taken.name}` });
        const parent = fields.parent ? await unitOn(writer.tx, fields.parent, fields.validFrom ?? ctx.today, ['input', 'parent']) : undefined;
        if (parent?.problem) problems.push(parent.problem);
        if (parent?.unit) problems.push(...problemsOf([sitsUnder(fields, parent.unit)], ['input']));
        failIfAny(problems);
        // The new unit is not in anyone's area yet: its parent's decides (a top-level unit is for whole-country accounts).
        if (parent?.unit) await writer.require(parent.unit.id);
        else if (!ctx.scope.wholeCountry) throw new ForbiddenError('Only whole-country accounts create a unit at the top of the tree: give its parent.');
        const created = await writer.tx.unit.create({
          data: {
            code: fields.code,
            officialCode: fields.officialCode ?? fields.code.replace(/-\d{4}$/, ''),
            name: fields.name,
            searchName: foldForSearch(fields.name),
            kind: fields.kind,
            level: fields.level,
            validFrom: fields.validFrom ?? null,
            note: fields.note ?? null,
          },
        });
        // The link first: the area holds the new unit through its parent.
        const link =
          parent?.unit && (await writer.tx.unitParent.create({ data: { unitId: created.id, parentId: parent.unit.id, validFrom: created.validFrom } }));
        await writer.audit(auditedUnit(created, null, created));
        if (link) await writer.audit(auditedLink(created, link, null, link));
        return writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: created.id } });
      }),
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
      writeAs(ctx, async (writer) => {
        const { value: name, problems } = parse(unitName, args.name, ['name']);
        const { unit: before, problem } = await knownUnit(writer.tx, args.code, ['code']);
        failIfAny(problem ? [problem, ...problems] : problems);
        const after = await writer.tx.unit.update({ where: { id: before!.id }, data: { name: name!, searchName: foldForSearch(name!) } });
        await writer.audit(auditedUnit(after, before!, after));
        return writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
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
      writeAs(ctx, async (writer) => {
        const [moving, parent] = await Promise.all([unitOn(writer.tx, args.code, args.from, ['code']), unitOn(writer.tx, args.parent, args.from, ['parent'])]);
        failIfAny([moving.problem, parent.problem].filter((problem): problem is Problem => !!problem));
        const unit = moving.unit!;
        // audit() checks the unit that moves; where it moves to must be within the area too.
        await writer.require(parent.unit!.id);
        const current = await writer.tx.unitParent.findFirst({ where: { unitId: unit.id, ...validOn(args.from) } });
        const day = isoDay(args.from);
        if (current?.parentId === parent.unit!.id) {
          failIfAny([{ path: ['parent'], message: `${unit.code} already sits under ${named(parent.unit!)} on ${day}` }]);
        }
        if (parent.unit!.id === unit.id) failIfAny([{ path: ['parent'], message: 'a unit cannot sit under itself' }]);
        if (await isAtOrAbove(writer.tx, unit, parent.unit!, args.from)) {
          failIfAny([{ path: ['parent'], message: `${named(parent.unit!)} is below ${unit.code} on ${day}: the move would make a cycle` }]);
        }
        failIfAny(problemsOf([sitsUnder(unit, parent.unit!)], []));
        if (current && current.validFrom?.getTime() === args.from.getTime()) {
          // The link starts that very day: it simply gets the new parent.
          const changed = await writer.tx.unitParent.update({ where: { id: current.id }, data: { parentId: parent.unit!.id } });
          await writer.audit(auditedLink(unit, current, current, changed));
        } else {
          // The new link runs as far as the one it replaces, or up to the next recorded parent.
          const next = current
            ? null
            : await writer.tx.unitParent.findFirst({ where: { unitId: unit.id, validFrom: { gt: args.from } }, orderBy: { validFrom: 'asc' } });
          const until = current ? current.validTo : next ? dayBefore(next.validFrom!) : null;
          if (current) {
            const closed = await writer.tx.unitParent.update({ where: { id: current.id }, data: { validTo: dayBefore(args.from) } });
            await writer.audit(auditedLink(unit, current, current, closed));
          }
          const link = await writer.tx.unitParent.create({ data: { unitId: unit.id, parentId: parent.unit!.id, validFrom: args.from, validTo: until } });
          await writer.audit(auditedLink(unit, link, null, link));
        }
        return writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: unit.id } });
      }),
  }),
  mergeUnits: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description:
      'Records a merger (sáp nhập): the units end the day before it takes effect and pass into the successor, which from then on answers for their records. Answers the successor. Province officers and administrators, within their area.',
    args: { input: t.arg({ type: MergeUnitsInput, required: true, description: 'The merger.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { value, problems } = parse(mergeFields, input, ['input']);
        failIfAny(problems);
        const merge = value!;
        const lastDay = dayBefore(merge.effective);
        const [into, ...ending] = await Promise.all([
          unitOn(writer.tx, merge.into, merge.effective, ['input', 'into']).then((found) => notTheCountry(found, ['input', 'into'])),
          ...merge.from.map((code, index) => endingUnit(writer.tx, code, lastDay, ['input', 'from', index])),
        ]);
        failIfAny([...ending, into!].flatMap((found) => (found.problem ? [found.problem] : [])));
        const successor = into!.unit!;
        await writer.require(successor.id);
        for (const { unit } of ending) {
          // The same name under a new code, type or parent is the same place continuing (e.g. xã Hiệp Lực).
          const kind = unit!.name.normalize('NFC') === successor.name.normalize('NFC') ? 'CONTINUATION' : 'MERGER';
          await passInto(writer, unit!, [{ unit: successor, kind }], merge.effective, merge.resolution ?? null);
        }
        return writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: successor.id } });
      }),
  }),
  splitUnit: t.prismaField({
    authScopes: { keepsTree: true },
    type: Unit,
    description:
      'Records a split (chia): the unit ends the day before it takes effect and passes, in parts, into each successor. Answers the unit that was split. Province officers and administrators, within their area.',
    args: { input: t.arg({ type: SplitUnitInput, required: true, description: 'The split.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { value, problems } = parse(splitFields, input, ['input']);
        failIfAny(problems);
        const split = value!;
        const [ending, ...successors] = await Promise.all([
          endingUnit(writer.tx, split.unit, dayBefore(split.effective), ['input', 'unit']),
          ...split.into.map((code, index) =>
            unitOn(writer.tx, code, split.effective, ['input', 'into', index]).then((found) => notTheCountry(found, ['input', 'into', index])),
          ),
        ]);
        failIfAny([ending!, ...successors].flatMap((found) => (found.problem ? [found.problem] : [])));
        const unit = ending!.unit!;
        for (const found of successors) await writer.require(found.unit!.id);
        await passInto(
          writer,
          unit,
          successors.map((found) => ({ unit: found.unit!, kind: 'SPLIT' as const })),
          split.effective,
          split.resolution ?? null,
        );
        return writer.tx.unit.findUniqueOrThrow({ ...query, where: { id: unit.id } });
      }),
  }),
}));
