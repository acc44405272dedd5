// The catalogue (danh mục): fields and indicators as one file to export and import, and the packages an
// administrator loads in one step on a new database (docs/going-live.md). Reference data belongs to no
// unit: whole-country administrators alone change it, dry runs included.
import type { Context } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import { CATALOGUE_PACKAGES, type CataloguePackageCode } from '../indicators/catalogue.ts';
import { exportCatalogue, readCatalogueFile, writeCatalogue, type CatalogueCounts, type CatalogueSummary } from '../indicators/reference.ts';
import { builder } from './builder.ts';
import { WordsRef } from './indicator.ts';
import { checkUpload } from './inputs.ts';

const packageCodes = Object.keys(CATALOGUE_PACKAGES) as CataloguePackageCode[];

const CataloguePackageCodeEnum = builder.enumType('CataloguePackageCode', {
  description: 'A catalogue package the server carries (see `cataloguePackages`).',
  values: Object.fromEntries(packageCodes.map((code) => [code, { description: CATALOGUE_PACKAGES[code].nameEn }])) as Record<
    CataloguePackageCode,
    { description: string }
  >,
});

const CataloguePackage = builder.objectRef<CataloguePackageCode>('CataloguePackage').implement({
  description: 'Fields and indicators that load in one step (gói danh mục), e.g. those of a scheme.',
  fields: (t) => ({
    code: t.field({ type: CataloguePackageCodeEnum, description: 'The package’s code, for `loadCataloguePackage`.', resolve: (code) => code }),
    name: t.field({
      type: WordsRef,
      description: 'What it holds.',
      resolve: (code) => ({ vi: CATALOGUE_PACKAGES[code].nameVi, en: CATALOGUE_PACKAGES[code].nameEn }),
    }),
    fieldCodes: t.stringList({
      description: 'The codes of its fields.',
      resolve: (code) => CATALOGUE_PACKAGES[code].catalogue.fields.map((field) => field.code),
    }),
    indicatorCodes: t.stringList({
      description: 'The codes of its indicators.',
      resolve: (code) => CATALOGUE_PACKAGES[code].catalogue.indicators.map((indicator) => indicator.code),
    }),
  }),
});

const CatalogueCountsRef = builder.objectRef<CatalogueCounts>('CatalogueCounts').implement({
  description: 'How many records of a kind a catalogue created, changed or left as they were (or would, in a dry run).',
  fields: (t) => ({
    created: t.exposeInt('created', { description: 'Records created.' }),
    updated: t.exposeInt('updated', { description: 'Records changed.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Records identical to the stored ones.' }),
  }),
});

const CatalogueResult = builder.objectRef<CatalogueSummary>('CatalogueResult').implement({
  description:
    'What a catalogue import or package load did, or would do in a dry run. With any problem the mutation fails (BAD_USER_INPUT, each problem at its path) and nothing is written.',
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun', { description: 'Whether this was a dry run.' }),
    written: t.exposeBoolean('written', { description: 'Whether it was written (false for a dry run).' }),
    fields: t.field({ type: CatalogueCountsRef, description: 'Fields (lĩnh vực).', resolve: (summary) => summary.fields }),
    indicators: t.field({ type: CatalogueCountsRef, description: 'Indicators (chỉ tiêu).', resolve: (summary) => summary.indicators }),
  }),
});

/**
 * A dry run writes nothing, so the write frame never judges it: the area is checked here first, for every
 * call, with the message the frame would give.
 */
function requireWholeCountry(ctx: Context) {
  if (!ctx.scope.wholeCountry)
    throw new ForbiddenError(
      'Fields and indicators are reference data and belong to no unit: only whole-country administrators change them.',
      'Lĩnh vực và chỉ tiêu là dữ liệu tham chiếu, không thuộc đơn vị nào: chỉ quản trị viên toàn quốc được thay đổi.',
    );
}

const frame = (ctx: Context, dryRun: boolean | null | undefined) => ({
  actor: ctx.actor,
  source: 'IMPORT' as const,
  dryRun: dryRun ?? false,
  scope: ctx.scope,
  tree: ctx.facts.tree,
});

builder.queryFields((t) => ({
  cataloguePackages: t.field({
    authScopes: { signedIn: true },
    type: [CataloguePackage],
    description: 'The catalogue packages this server carries.',
    resolve: () => packageCodes,
  }),
  exportCatalogue: t.string({
    authScopes: { signedIn: true },
    description:
      'Every field and indicator (definitions and targets) as a catalogue file: JSON, format "dan-van-kheo/catalogue" version 1 (docs/going-live.md). `importCatalogue` takes it back unchanged.',
    resolve: (_root, _args, ctx) => exportCatalogue(ctx.db),
  }),
}));

builder.mutationFields((t) => ({
  importCatalogue: t.field({
    authScopes: { administers: true },
    type: CatalogueResult,
    description:
      'Imports a catalogue file (as `exportCatalogue` writes it) in one transaction: fields, then indicators, created or replaced by code; what the file leaves out stays. All or nothing; every problem at its path in the file. Whole-country administrators only.',
    args: {
      file: t.arg({ type: 'File', required: true, description: 'The catalogue file (JSON), as a multipart upload.' }),
      dryRun: t.arg.boolean({ description: 'Check and count without writing (default false).' }),
    },
    resolve: async (_root, { file, dryRun }, ctx) => {
      requireWholeCountry(ctx);
      checkUpload(file);
      return writeCatalogue(ctx.db, readCatalogueFile(await file.text()), frame(ctx, dryRun));
    },
  }),
  loadCataloguePackage: t.field({
    authScopes: { administers: true },
    type: CatalogueResult,
    description:
      'Loads a catalogue package (its fields, then its indicators) as `importCatalogue` would a file: loading it again changes nothing. Whole-country administrators only.',
    args: {
      code: t.arg({ type: CataloguePackageCodeEnum, required: true, description: 'The package, e.g. DVK_2018_2020.' }),
      dryRun: t.arg.boolean({ description: 'Check and count without writing (default false).' }),
    },
    resolve: (_root, { code, dryRun }, ctx) => {
      requireWholeCountry(ctx);
      return writeCatalogue(ctx.db, CATALOGUE_PACKAGES[code].catalogue, frame(ctx, dryRun));
    },
  }),
}));
