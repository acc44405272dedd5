// Fills an EMPTY database with the national data set: the unit tree of 63 provinces, about 1.2 million
// models with their yearly evaluations, plans, surveys and new-rural status. Rows are generated and
// written as a stream (one model and its evaluations at a time), so memory stays flat whatever the scale.
//
// There is no single transaction at this size: a killed run leaves part of the data. The indicators are
// written last, in one transaction, and mark a finished seed; a database with units but no indicators is
// an interrupted one, and the seed refuses it like any database that is not empty.
import { createDatabase, type Database } from '../../db/client.ts';
import { DEMO_CATALOGUE } from '../../indicators/catalogue.ts';
import { indicatorRow } from '../../indicators/reference.ts';
import { foldForSearch } from '../../lib/text.ts';
import { FIELDS, LAST_YEAR, newRuralStatuses, plans, registrations, Reviews, ruralCommunes, surveys, type Territory, years } from '../records.ts';
import { bulkTarget, finishBulkWrite, type Flushable, type Table, type TableWriter } from './bulk-write.ts';
import { FIRST_YEAR, nationalTerritory, owners, recognitions, registrationsIn } from './records.ts';
import { buildNationalTree, type NationalTree } from './units.ts';

export type NationalScale = 'national' | 'test';

/** The provinces of a scale: all of them, or two small ones (Bắc Kạn, Hà Nam) for a data set in seconds. */
const SCALE_PROVINCES: Record<NationalScale, readonly string[] | undefined> = {
  national: undefined,
  test: ['06', '35'],
};

export const DEFAULT_SEED = 7;

export interface SeedProgress {
  phase: string;
  done: number;
  total: number;
  /** Rows generated so far, all tables together. */
  rows: number;
}

export interface NationalSeedOptions {
  scale?: NationalScale;
  seed?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export type NationalSummary = Record<Table | 'Indicator' | 'IndicatorTarget', number>;

/** Why a database cannot take the national data set, or null when it is empty. */
async function refusal(db: Database): Promise<string | null> {
  const [units, fields, models, indicators] = await Promise.all([db.unit.count(), db.field.count(), db.model.count(), db.indicator.count()]);
  if (units + fields + models + indicators === 0) return null;
  if (indicators === 0) {
    return 'The database holds an interrupted seed (units but no indicators, which a seed writes last): drop it, create it again and seed it from scratch.';
  }
  return 'The database already has data: the national data set goes only into an empty database. Create a new one (or drop this one) and seed it.';
}

/** Reports progress at most ten times a second, and at the end of each phase. */
class ProgressReport {
  private last = 0;

  constructor(
    private readonly report: (progress: SeedProgress) => void,
    private readonly rows: () => number,
  ) {}

  update(phase: string, done: number, total: number): void {
    const now = performance.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    this.report({ phase, done, total, rows: this.rows() });
  }
}

/** What the phases of a seed share: the tree, the territory, the writers and the progress report. */
interface Writing {
  provinceCodes: readonly string[] | undefined;
  tree: NationalTree;
  territory: Territory;
  unitId(code: string): number;
  writer<T extends Table>(table: T, pointsAt?: Flushable[]): TableWriter<T>;
  progress: ProgressReport;
}

async function writeUnitTree({ tree, unitId, writer, progress }: Writing): Promise<Flushable> {
  const units = writer('Unit');
  const parentLinks = writer('UnitParent', [units]);
  const lineages = writer('UnitLineage', [units]);
  const total = tree.units.length + tree.parentLinks.length + tree.lineages.length;
  let done = 0;
  for (const unit of tree.units) {
    const { id, code, officialCode, name, kind, level, validFrom, validTo, note } = unit;
    await units.add({ id, code, officialCode, name, searchName: foldForSearch(name), kind, level, validFrom, validTo, note });
    progress.update('Đơn vị / Units', ++done, total);
  }
  for (const link of tree.parentLinks) {
    const { validFrom, validTo } = link;
    await parentLinks.add({ id: parentLinks.nextId(), unitId: unitId(link.unitCode), parentId: unitId(link.parentCode), validFrom, validTo });
    progress.update('Đơn vị / Units', ++done, total);
  }
  for (const lineage of tree.lineages) {
    const { effectiveDate, kind, resolution, sourceUrl } = lineage;
    const [predecessorId, successorId] = [unitId(lineage.predecessorCode), unitId(lineage.successorCode)];
    await lineages.add({ id: lineages.nextId(), predecessorId, successorId, effectiveDate, kind, resolution, sourceUrl });
    progress.update('Đơn vị / Units', ++done, total);
  }
  return units;
}

/** One model at a time, its evaluations and awards right after it: nothing accumulates but the chunks. */
async function writeModels({ provinceCodes, tree, territory, unitId, writer, progress }: Writing, units: Flushable): Promise<void> {
  const fields = writer('Field');
  const fieldIds = new Map<string, number>();
  for (const field of FIELDS) {
    const id = fields.nextId();
    fieldIds.set(field.code, id);
    await fields.add({ id, ...field });
  }
  const models = writer('Model', [units, fields]);
  const evaluations = writer('Evaluation', [models]);
  const awards = writer('Award', [models]);
  const reviews = new Reviews(territory);
  const registering = owners(territory, tree.units);
  const total = years(FIRST_YEAR, LAST_YEAR).reduce((sum, year) => sum + registrationsIn(provinceCodes, year), 0);
  let done = 0;
  for (const year of years(FIRST_YEAR, LAST_YEAR)) {
    for (const model of registrations(territory, registering, year, registrationsIn(provinceCodes, year))) {
      const owner = tree.byCode.get(model.unitCode)!;
      const modelId = models.nextId();
      const { registrationKey, kind, holder, title, startYear, endYear, origin } = model;
      await models.add({
        id: modelId,
        registrationKey,
        kind,
        holder,
        title,
        unitId: owner.id,
        fieldId: fieldIds.get(model.fieldCode)!,
        startYear,
        endYear,
        origin,
      });
      const reviewed = reviews.of(model, owner);
      for (const { year: evaluated, rating, recommendedForReplication, evaluatorCode } of reviewed.evaluations) {
        await evaluations.add({
          id: evaluations.nextId(),
          modelId,
          year: evaluated,
          rating,
          recommendedForReplication,
          evaluatorUnitId: unitId(evaluatorCode),
        });
      }
      for (const { year: awarded, level, title: award, decisionNumber, decisionDate, grantorCode } of reviewed.awards) {
        await awards.add({
          id: awards.nextId(),
          modelId,
          year: awarded,
          level,
          title: award,
          decisionNumber,
          decisionDate,
          grantorUnitId: unitId(grantorCode),
        });
      }
      progress.update('Mô hình, đánh giá / Models, evaluations', ++done, total);
    }
  }
}

/** Plans year by year, then surveys and new-rural status (computed whole: a few hundred thousand rows at most). */
async function writeYearlyRecords({ tree, territory, unitId, writer, progress }: Writing, units: Flushable): Promise<void> {
  const phase = 'Số liệu hằng năm / Yearly records';
  const steps = LAST_YEAR - FIRST_YEAR + 1 + 2;
  const planWriter = writer('Plan', [units]);
  for (const { unitCode, year, documentNumber, issuedOn } of plans(territory, tree.units)) {
    await planWriter.add({ id: planWriter.nextId(), unitId: unitId(unitCode), year, documentNumber, issuedOn });
    progress.update(phase, year - FIRST_YEAR, steps);
  }
  const surveyWriter = writer('SatisfactionSurvey', [units]);
  for (const { unitCode, year, respondents, satisfied } of surveys(territory, tree.units)) {
    await surveyWriter.add({ id: surveyWriter.nextId(), unitId: unitId(unitCode), year, respondents, satisfied });
  }
  progress.update(phase, steps - 1, steps);
  const statusWriter = writer('NewRuralStatus', [units]);
  const communes = ruralCommunes(territory, tree.units);
  for (const { unitCode, year, criteriaMet, recognisedOn } of newRuralStatuses(territory, communes, tree.lineages, recognitions(territory, communes))) {
    await statusWriter.add({ id: statusWriter.nextId(), unitId: unitId(unitCode), year, criteriaMet, recognisedOn });
  }
  progress.update(phase, steps, steps);
}

export async function seedNational(databaseUrl: string, options: NationalSeedOptions = {}): Promise<NationalSummary> {
  const provinceCodes = SCALE_PROVINCES[options.scale ?? 'national'];
  const seed = options.seed ?? DEFAULT_SEED;
  const db = createDatabase(databaseUrl);
  try {
    const refused = await refusal(db);
    if (refused) throw new Error(refused);

    const tree = buildNationalTree(seed, provinceCodes);
    const target = bulkTarget(databaseUrl, db);
    const writers: Flushable[] = [];
    const writing: Writing = {
      provinceCodes,
      tree,
      territory: nationalTerritory(tree, seed),
      unitId: (code) => tree.byCode.get(code)!.id,
      writer: (table, pointsAt = []) => {
        const created = target.writer(table, pointsAt);
        writers.push(created);
        return created;
      },
      progress: new ProgressReport(options.onProgress ?? (() => {}), () => writers.reduce((sum, { added }) => sum + added, 0)),
    };
    try {
      const units = await writeUnitTree(writing);
      await writeModels(writing, units);
      await writeYearlyRecords(writing, units);
      for (const writer of writers) await writer.settle();
    } finally {
      target.close();
    }
    await finishBulkWrite(
      databaseUrl,
      db,
      writers.map(({ table }) => table),
    );

    // Last, and all at once: the mark of a finished seed.
    await db.$transaction(async (tx) => {
      for (const indicator of DEMO_CATALOGUE.indicators)
        await tx.indicator.create({ data: { ...indicatorRow(indicator), targets: { create: indicator.targets } } });
    });
    writing.progress.update('Chỉ tiêu / Indicators', 1, 1);
    return {
      ...(Object.fromEntries(writers.map(({ table, written }) => [table, written])) as Record<Table, number>),
      Indicator: DEMO_CATALOGUE.indicators.length,
      IndicatorTarget: DEMO_CATALOGUE.indicators.reduce((sum, indicator) => sum + indicator.targets.length, 0),
    };
  } finally {
    await db.$disconnect();
  }
}
