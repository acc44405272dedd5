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
