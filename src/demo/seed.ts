// Fills an empty database with the demo data. Everything is computed first, outside the database, then
// written in one transaction: a first start killed half-way leaves an empty database that the next start
// seeds again, never half a demo. Rows go in with createMany in chunks, the fastest path Prisma offers on
// both SQLite and PostgreSQL; only units and models need their ids back, for the rows that point at them.
import { ConfigError, NO_DEMO_IN_PRODUCTION } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { DEMO_CATALOGUE } from '../indicators/catalogue.ts';
import { indicatorRow } from '../indicators/reference.ts';
import { foldForSearch } from '../lib/text.ts';
import { buildRecords } from './records.ts';
import { DEMO_USERS, demoPasswordHash, demoUserRows } from './users.ts';
import { buildUnitTree } from './units.ts';

export interface SeedSummary {
  units: number;
  models: number;
  evaluations: number;
  plans: number;
  surveys: number;
  newRuralStatuses: number;
  awards: number;
  indicators: number;
  users: number;
}

type Client = Pick<Prisma.TransactionClient, 'unit'>;

/** SQLite accepts at most 32,766 bound parameters per statement; stay below it with room to spare. */
const MAX_BOUND_PARAMETERS = 30_000;

async function insertInChunks<Row extends object>(rows: Row[], insert: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.floor(MAX_BOUND_PARAMETERS / Object.keys(rows[0]!).length);
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo data refers to unknown ${key}`);
  return id;
}

async function hasNoUnits(client: Client): Promise<boolean> {
  return (await client.unit.findFirst({ select: { id: true } })) === null;
}

/** Whether the database holds no units, the sign that it has never been seeded nor used. */
export function isEmpty(db: Database): Promise<boolean> {
  return hasNoUnits(db);
}

/** Fills an EMPTY database with the demo data, all in one transaction (a killed first start must not leave half a demo). */
export async function seedDemo(db: Database, onProgress: (step: string) => void = () => {}): Promise<SeedSummary> {
  // Here rather than in each entry point (start-up, db:seed, seed, the benchmarks), so that none forgets.
  if (process.env.NODE_ENV === 'production') throw new ConfigError(`The demo data is refused with NODE_ENV=production: ${NO_DEMO_IN_PRODUCTION}.`);
  onProgress('Tạo dữ liệu mẫu / Building the demo data');
  const tree = buildUnitTree();
  const records = buildRecords(tree);
  const passwordHash = await demoPasswordHash();

  await db.$transaction(
    async (tx) => {
      if (!(await hasNoUnits(tx))) throw new Error('The database already has units: the demo data goes only into an empty database.');

      onProgress('Đơn vị / Units');
      const unitIds = new Map<string, number>();
      const unitRows = tree.units.map((unit) => ({
        code: unit.code,
        officialCode: unit.officialCode,
        name: unit.name,
        searchName: foldForSearch(unit.name),
        kind: unit.kind,
        level: unit.level,
        validFrom: unit.validFrom,
        validTo: unit.validTo,
        note: unit.note,
      }));
      await insertInChunks(unitRows, async (data) => {
        for (const { id, code } of await tx.unit.createManyAndReturn({ data, select: { id: true, code: true } })) unitIds.set(code, id);
      });
      const unitId = (code: string) => idOf(unitIds, code);

      onProgress('Cây đơn vị và sáp nhập / Unit tree and mergers');
      const parentRows = tree.parentLinks.map((link) => ({
        unitId: unitId(link.unitCode),
        parentId: unitId(link.parentCode),
        validFrom: link.validFrom,
        validTo: link.validTo,
      }));
      await insertInChunks(parentRows, (data) => tx.unitParent.createMany({ data }));
      const lineageRows = tree.lineages.map((lineage) => ({
        predecessorId: unitId(lineage.predecessorCode),
        successorId: unitId(lineage.successorCode),
        effectiveDate: lineage.effectiveDate,
        kind: lineage.kind,
        resolution: lineage.resolution,
        sourceUrl: lineage.sourceUrl,
      }));
      await insertInChunks(lineageRows, (data) => tx.unitLineage.createMany({ data }));

      onProgress('Lĩnh vực / Fields');
      const fieldIds = new Map<string, number>();
      for (const { id, code } of await tx.field.createManyAndReturn({ data: records.fields, select: { id: true, code: true } })) fieldIds.set(code, id);

      onProgress('Mô hình, điển hình / Models and exemplars');
      const modelIds = new Map<string, number>();
      const modelRows = records.models.map(({ unitCode, fieldCode, ...model }) => ({
        ...model,
        unitId: unitId(unitCode),
        fieldId: idOf(fieldIds, fieldCode),
      }));
      await insertInChunks(modelRows, async (data) => {
        const created = await tx.model.createManyAndReturn({ data, select: { id: true, registrationKey: true } });
        for (const { id, registrationKey } of created) modelIds.set(registrationKey, id);
      });
      const modelId = (key: string) => idOf(modelIds, key);

      onProgress('Đánh giá / Evaluations');
      const evaluationRows = records.evaluations.map(({ registrationKey, evaluatorCode, ...evaluation }) => ({
        ...evaluation,
        modelId: modelId(registrationKey),
        evaluatorUnitId: unitId(evaluatorCode),
      }));
      await insertInChunks(evaluationRows, (data) => tx.evaluation.createMany({ data }));

      onProgress('Khen thưởng / Awards');
      const awardRows = records.awards.map(({ registrationKey, grantorCode, ...award }) => ({
        ...award,
        modelId: modelId(registrationKey),
        grantorUnitId: unitId(grantorCode),
      }));
      await insertInChunks(awardRows, (data) => tx.award.createMany({ data }));

      onProgress('Kế hoạch / Plans');
      const planRows = records.plans.map(({ unitCode, ...plan }) => ({ ...plan, unitId: unitId(unitCode) }));
      await insertInChunks(planRows, (data) => tx.plan.createMany({ data }));

      onProgress('Khảo sát sự hài lòng / Satisfaction surveys');
      const surveyRows = records.surveys.map(({ unitCode, ...survey }) => ({ ...survey, unitId: unitId(unitCode) }));
      await insertInChunks(surveyRows, (data) => tx.satisfactionSurvey.createMany({ data }));

      onProgress('Nông thôn mới / New-rural status');
      const statusRows = records.newRuralStatuses.map(({ unitCode, ...status }) => ({ ...status, unitId: unitId(unitCode) }));
      await insertInChunks(statusRows, (data) => tx.newRuralStatus.createMany({ data }));

      onProgress('Chỉ tiêu / Indicators');
      for (const indicator of DEMO_CATALOGUE.indicators)
        await tx.indicator.create({ data: { ...indicatorRow(indicator), targets: { create: indicator.targets } } });

      onProgress('Người dùng / Users');
      await tx.user.createMany({ data: demoUserRows(unitId, passwordHash) });
    },
    { timeout: 600_000, maxWait: 60_000 },
  );

  return {
    units: tree.units.length,
    models: records.models.length,
    evaluations: records.evaluations.length,
    plans: records.plans.length,
    surveys: records.surveys.length,
    newRuralStatuses: records.newRuralStatuses.length,
    awards: records.awards.length,
    indicators: DEMO_CATALOGUE.indicators.length,
    users: DEMO_USERS.length,
  };
}
