// Data entry (nhập liệu) on the tree: create units and record how the tree changes — a rename, a move to
// another parent, a merger (sáp nhập), a split (chia). A unit is never deleted: it ends on a day and passes
// into its successors, so that earlier years keep counting the tree as it stood then. Every change goes
// through the write frame (src/entry/write.ts), which audits it and judges the area; the schema's mutations
// (src/schema/unit.ts) only read the unit back.
import { z } from 'zod';
import { failIfAny, isoDay, lifespan, parse, problemsOf, text } from '../entry/checks.ts';
import { listed, unitRecordsOutside } from '../entry/reach.ts';
import { FIELDS, refinedBy, sitsUnder, UNIT_KINDS, UNIT_LEVELS, unitRules, zEnum, zText } from '../entry/rules.ts';
import type { Writer } from '../entry/write.ts';
import { ForbiddenError, type Problem } from '../errors.ts';
import type { Prisma, Unit as UnitRow } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../lib/text.ts';
import { existsOn, validOn } from './tree.ts';

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

/** Creates a unit with its parent link from its first day; answers its id. A new unit is in no one's area yet: its parent's decides. */
export async function createUnit(writer: Writer, input: unknown, { today, wholeCountry }: { today: Date; wholeCountry: boolean }): Promise<number> {
  const { value, problems } = parse(unitFields, input, ['input']);
  failIfAny(problems);
  const fields = value!;
  const taken = await writer.tx.unit.findUnique({ where: { code: fields.code } });
  if (taken) problems.push({ path: ['input', 'code'], message: `${fields.code} is already the code of ${taken.name}` });
  const parent = fields.parent ? await unitOn(writer.tx, fields.parent, fields.validFrom ?? today, ['input', 'parent']) : undefined;
  if (parent?.problem) problems.push(parent.problem);
  if (parent?.unit) problems.push(...problemsOf([sitsUnder(fields, parent.unit)], ['input']));
  failIfAny(problems);
  // The new unit is not in anyone's area yet: its parent's decides (a top-level unit is for whole-country accounts).
  if (parent?.unit) await writer.require(parent.unit.id);
  else if (!wholeCountry)
    throw new ForbiddenError(
      'Only whole-country accounts create a unit at the top of the tree: give its parent.',
      'Chỉ tài khoản toàn quốc được tạo đơn vị ở gốc của cây: hãy cho biết đơn vị cấp trên.',
    );
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
  const link = parent?.unit && (await writer.tx.unitParent.create({ data: { unitId: created.id, parentId: parent.unit.id, validFrom: created.validFrom } }));
  await writer.audit(auditedUnit(created, null, created));
  if (link) await writer.audit(auditedLink(created, link, null, link));
  return created.id;
}

/** Renames a unit (its name holds for its whole life); answers its id. */
export async function renameUnit(writer: Writer, code: string, newName: string): Promise<number> {
  const { value: name, problems } = parse(unitName, newName, ['name']);
  const { unit: before, problem } = await knownUnit(writer.tx, code, ['code']);
  failIfAny(problem ? [problem, ...problems] : problems);
  const after = await writer.tx.unit.update({ where: { id: before!.id }, data: { name: name!, searchName: foldForSearch(name!) } });
  await writer.audit(auditedUnit(after, before!, after));
  return after.id;
}

/** Puts a unit under another parent from a day on; answers its id. */
export async function moveUnit(writer: Writer, code: string, parentCode: string, from: Date): Promise<number> {
  const [moving, parent] = await Promise.all([unitOn(writer.tx, code, from, ['code']), unitOn(writer.tx, parentCode, from, ['parent'])]);
  failIfAny([moving.problem, parent.problem].filter((problem): problem is Problem => !!problem));
  const unit = moving.unit!;
  // audit() checks the unit that moves; where it moves to must be within the area too.
  await writer.require(parent.unit!.id);
  const current = await writer.tx.unitParent.findFirst({ where: { unitId: unit.id, ...validOn(from) } });
  const day = isoDay(from);
  if (current?.parentId === parent.unit!.id) {
    failIfAny([{ path: ['parent'], message: `${unit.code} already sits under ${named(parent.unit!)} on ${day}` }]);
  }
  if (parent.unit!.id === unit.id) failIfAny([{ path: ['parent'], message: 'a unit cannot sit under itself' }]);
  if (await isAtOrAbove(writer.tx, unit, parent.unit!, from)) {
    failIfAny([{ path: ['parent'], message: `${named(parent.unit!)} is below ${unit.code} on ${day}: the move would make a cycle` }]);
  }
  failIfAny(problemsOf([sitsUnder(unit, parent.unit!)], []));
  if (current && current.validFrom?.getTime() === from.getTime()) {
    // The link starts that very day: it simply gets the new parent.
    const changed = await writer.tx.unitParent.update({ where: { id: current.id }, data: { parentId: parent.unit!.id } });
    await writer.audit(auditedLink(unit, current, current, changed));
  } else {
    // The new link runs as far as the one it replaces, or up to the next recorded parent.
    const next = current ? null : await writer.tx.unitParent.findFirst({ where: { unitId: unit.id, validFrom: { gt: from } }, orderBy: { validFrom: 'asc' } });
    const until = current ? current.validTo : next ? dayBefore(next.validFrom!) : null;
    if (current) {
      const closed = await writer.tx.unitParent.update({ where: { id: current.id }, data: { validTo: dayBefore(from) } });
      await writer.audit(auditedLink(unit, current, current, closed));
    }
    const link = await writer.tx.unitParent.create({ data: { unitId: unit.id, parentId: parent.unit!.id, validFrom: from, validTo: until } });
    await writer.audit(auditedLink(unit, link, null, link));
  }
  return unit.id;
}

/** Records a merger: the units end the day before and pass into the successor; answers the successor's id. */
export async function mergeUnits(writer: Writer, input: unknown): Promise<number> {
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
  return successor.id;
}

/** Records a split: the unit ends the day before and passes, in parts, into each successor; answers its id. */
export async function splitUnit(writer: Writer, input: unknown): Promise<number> {
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
  return unit.id;
}
