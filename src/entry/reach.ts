// What a write reaches beyond the row it changes, for the two checks every write frame makes about it:
// which years of which units it changes (the writer's area must hold each), and which stored records it
// would leave dated outside the life of their unit or model (the product's own export would then no longer
// import, and coverage would count records of years that cannot have them).
import type { Prisma } from '../generated/sqlite/client.ts';
import { isoDay } from './rules.ts';

/** What of a model counts, and from when to when. */
export interface CountedModel {
  unitId: number;
  fieldId: number;
  kind: string;
  startYear: number;
  endYear: number | null;
}

/** A running model counts up to the current year (or its start year, if that is later). */
export const lastYear = (model: CountedModel, currentYear: number) => model.endYear ?? Math.max(model.startYear, currentYear);

function countsAs(model: CountedModel | null, year: number, currentYear: number): string | null {
  if (!model || year < model.startYear || year > lastYear(model, currentYear)) return null;
  return `${model.unitId}/${model.fieldId}/${model.kind}`;
}

/**
 * The years a change to a model reaches, for the unit it belonged to (`before`) and the one it belongs to
 * (`after`): every year in which it counts differently (active or not, for which unit, field or kind), and
 * its last year, whose unit answers for it now — so that a change of its title is the current holder's to
 * make, while moving it, or ending it early, rewrites the years it leaves and needs the area of those.
 */
export function modelYears(before: CountedModel | null, after: CountedModel | null, currentYear: number): { before: number[]; after: number[] } {
  const reached = { before: new Set<number>(), after: new Set<number>() };
  const models = [before, after].filter((model): model is CountedModel => model !== null);
  const first = Math.min(...models.map((model) => model.startYear));
  const last = Math.max(...models.map((model) => lastYear(model, currentYear)));
  for (let year = first; year <= last; year++) {
    const was = countsAs(before, year, currentYear);
    const is = countsAs(after, year, currentYear);
    if (was === is) continue;
    if (was) reached.before.add(year);
    if (is) reached.after.add(year);
  }
  if (before) reached.before.add(lastYear(before, currentYear));
  if (after) reached.after.add(lastYear(after, currentYear));
  const sorted = (years: Set<number>) => [...years].sort((a, b) => a - b);
  return { before: sorted(reached.before), after: sorted(reached.after) };
}

/** A stored record that a change would leave outside the years it may have, as a sentence names it. */
export interface Conflict {
  vi: string;
  en: string;
}

/** At most this many conflicting records are named: the first few say what to fix. */
const NAMED = 5;

/** The evaluations and awards of a model dated outside the years it would run, oldest first. */
export async function modelRecordsOutside(tx: Prisma.TransactionClient, modelId: number, startYear: number, endYear: number | null): Promise<Conflict[]> {
  const outside = { OR: [{ year: { lt: startYear } }, ...(endYear === null ? [] : [{ year: { gt: endYear } }])] };
  const [evaluations, awards] = await Promise.all([
    tx.evaluation.findMany({ where: { modelId, ...outside }, select: { year: true }, orderBy: { year: 'asc' }, take: NAMED }),
    // An award may come after the model ended (recognition of its results), not before it started.
    tx.award.findMany({ where: { modelId, year: { lt: startYear } }, select: { year: true }, orderBy: { year: 'asc' }, take: NAMED }),
  ]);
  return [
    ...evaluations.map(({ year }) => ({ vi: `đánh giá năm ${year}`, en: `the evaluation of ${year}` })),
    ...awards.map(({ year }) => ({ vi: `khen thưởng năm ${year}`, en: `the award of ${year}` })),
  ];
}

/**
 * The records dated outside the years a unit would exist (from the year of `validFrom` to that of
 * `validTo`): its plans, survey results and new-rural statuses, the models it registered, the evaluations
 * its committee made and the awards it granted. A model it registered may run on after it ends: the unit it
 * passes into answers for it.
 */
export async function unitRecordsOutside(
  tx: Prisma.TransactionClient,
  unitId: number,
  life: { validFrom: Date | null; validTo: Date | null },
): Promise<Conflict[]> {
  const first = life.validFrom?.getUTCFullYear();
  const last = life.validTo?.getUTCFullYear();
  if (first === undefined && last === undefined) return [];
  const years = (field: string) => ({
    OR: [...(first === undefined ? [] : [{ [field]: { lt: first } }]), ...(last === undefined ? [] : [{ [field]: { gt: last } }])],
  });
  const byYear = { select: { year: true }, orderBy: { year: 'asc' as const }, take: NAMED };
  const [plans, surveys, statuses, models, evaluations, awards] = await Promise.all([
    tx.plan.findMany({ where: { unitId, ...years('year') }, ...byYear }),
    tx.satisfactionSurvey.findMany({ where: { unitId, ...years('year') }, ...byYear }),
    tx.newRuralStatus.findMany({ where: { unitId, ...years('year') }, ...byYear }),
    tx.model.findMany({
      where: { unitId, ...years('startYear') },
      select: { registrationKey: true, startYear: true },
      orderBy: { startYear: 'asc' },
      take: NAMED,
    }),
    tx.evaluation.findMany({
      where: { evaluatorUnitId: unitId, ...years('year') },
      select: { year: true, model: { select: { registrationKey: true } } },
      orderBy: { year: 'asc' },
      take: NAMED,
    }),
    tx.award.findMany({
      where: { grantorUnitId: unitId, ...years('year') },
      select: { year: true, model: { select: { registrationKey: true } } },
      orderBy: { year: 'asc' },
      take: NAMED,
    }),
  ]);
  return [
    ...plans.map(({ year }) => ({ vi: `kế hoạch năm ${year}`, en: `the plan of ${year}` })),
    ...surveys.map(({ year }) => ({ vi: `khảo sát năm ${year}`, en: `the survey result of ${year}` })),
    ...statuses.map(({ year }) => ({ vi: `tình trạng nông thôn mới năm ${year}`, en: `the new-rural status of ${year}` })),
    ...models.map((model) => ({
      vi: `mô hình ${model.registrationKey} (bắt đầu ${model.startYear})`,
      en: `model ${model.registrationKey} (started ${model.startYear})`,
    })),
    ...evaluations.map((row) => ({
      vi: `đánh giá ${row.model.registrationKey} năm ${row.year}`,
      en: `its evaluation of ${row.model.registrationKey} in ${row.year}`,
    })),
    ...awards.map((row) => ({
      vi: `khen thưởng ${row.model.registrationKey} năm ${row.year}`,
      en: `its award to ${row.model.registrationKey} in ${row.year}`,
    })),
  ];
}

/** The models of a field that would start outside the years it is used (a model's field is in use in its start year). */
export async function fieldModelsOutside(
  tx: Prisma.TransactionClient,
  fieldId: number,
  firstYear: number | null,
  lastYear: number | null,
): Promise<(Conflict & { startYear: number })[]> {
  const years = [...(firstYear === null ? [] : [{ startYear: { lt: firstYear } }]), ...(lastYear === null ? [] : [{ startYear: { gt: lastYear } }])];
  if (!years.length) return [];
  const models = await tx.model.findMany({
    where: { fieldId, OR: years },
    select: { registrationKey: true, startYear: true },
    orderBy: { startYear: 'asc' },
    take: NAMED,
  });
  return models.map(({ registrationKey, startYear }) => ({
    vi: `mô hình ${registrationKey} (bắt đầu ${startYear})`,
    en: `model ${registrationKey} (started ${startYear})`,
    startYear,
  }));
}

/** The conflicts as the end of a sentence, in English (mutations) or both languages (imports). */
export const listed = (conflicts: Conflict[], language: 'vi' | 'en') => conflicts.map((conflict) => conflict[language]).join(', ');

/**
 * Whether a life (validity) of a unit keeps to its recorded lineage: a unit that passed into successors
 * ends the day before that took effect, and a unit that took others over exists on the day it did. A
 * spreadsheet row or a change that says otherwise would undo a merger or split the tree records.
 */
export async function lineageConflict(
  tx: Prisma.TransactionClient,
  unitId: number,
  life: { validFrom: Date | null; validTo: Date | null },
): Promise<Conflict | undefined> {
  const [passedInto, tookOver] = await Promise.all([
    tx.unitLineage.findFirst({
      where: { predecessorId: unitId },
      orderBy: { effectiveDate: 'asc' },
      select: { effectiveDate: true, successor: { select: { code: true } } },
    }),
    tx.unitLineage.findFirst({
      where: { successorId: unitId },
      orderBy: { effectiveDate: 'asc' },
      select: { effectiveDate: true, predecessor: { select: { code: true } } },
    }),
  ]);
  if (passedInto) {
    const lastDay = new Date(passedInto.effectiveDate.getTime() - 86_400_000);
    if (life.validTo?.getTime() !== lastDay.getTime()) {
      const day = isoDay(lastDay);
      return {
        vi: `đơn vị đã sáp nhập hoặc chia vào ${passedInto.successor.code} từ ${isoDay(passedInto.effectiveDate)}, nên ngày cuối phải là ${day}`,
        en: `the unit passed into ${passedInto.successor.code} on ${isoDay(passedInto.effectiveDate)}, so its last day must stay ${day}`,
      };
    }
  }
  if (tookOver && ((life.validFrom && life.validFrom > tookOver.effectiveDate) || (life.validTo && life.validTo < tookOver.effectiveDate))) {
    const day = isoDay(tookOver.effectiveDate);
    return {
      vi: `đơn vị tiếp nhận ${tookOver.predecessor.code} từ ${day}, nên phải tồn tại vào ngày đó`,
      en: `the unit took over ${tookOver.predecessor.code} on ${day}, so it must exist on that day`,
    };
  }
  return undefined;
}
