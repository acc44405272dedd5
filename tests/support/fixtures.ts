// Records that several test files build the same way.
import type { Database } from '../../src/db/client.ts';
import { raiseDataVersion } from '../../src/db/data-version.ts';

/**
 * After a fixture writes units or links straight to the database, as the API's tree changes do: servers
 * keep the tree they read until the tree version moves (src/analytics/facts.ts).
 */
export async function treeChanged(db: Database) {
  await raiseDataVersion(db, { tree: true });
}

export type PlainUnitKind = 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'WARD';

/** A unit named after its code ("Đơn vị C1"), of its kind's level, that exists from the start, up to `validTo` (YYYY-MM-DD) if given. */
export function createPlainUnit(db: Database, code: string, kind: PlainUnitKind, validTo?: string) {
  return db.unit.create({
    data: {
      code,
      officialCode: code,
      name: `Đơn vị ${code}`,
      searchName: code.toLowerCase(),
      kind,
      level: kind === 'WARD' ? 'COMMUNE' : kind,
      validTo: validTo ? new Date(`${validTo}T00:00:00Z`) : null,
    },
  });
}

/** The names of a small indicator about communes with a new-rural model, for fixtures and inputs. */
export const communeModelIndicatorNames = {
  nameVi: 'Xã có mô hình nông thôn mới',
  nameEn: 'Communes with a new-rural model',
  numeratorVi: 'Xã có mô hình',
  numeratorEn: 'Communes with a model',
  denominatorVi: 'Xã',
  denominatorEn: 'Communes',
};

/** COMMUNE_NTM: communes with at least one new-rural model rated effective in the year. */
export function createCommuneNtmIndicator(db: Database) {
  return db.indicator.create({
    data: {
      code: 'COMMUNE_NTM',
      ...communeModelIndicatorNames,
      definition: JSON.stringify({
        measure: 'UNITS_WITH_MODELS',
        unitKinds: ['COMMUNE'],
        models: { fields: ['NONG_THON_MOI'], ratings: ['EFFECTIVE', 'OUTSTANDING'] },
      }),
    },
  });
}
