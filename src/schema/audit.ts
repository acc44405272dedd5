// The audit trail (nhật ký thay đổi): every write, who made it and when, with the values before and after.
import type { Context } from '../context.ts';
import { InputError } from '../errors.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { builder } from './builder.ts';
import { oncePerArgs, pagedBy } from './inputs.ts';

const WriteSource = builder.enumType('WriteSource', {
  description: 'Where a write came from.',
  values: {
    MUTATION: { description: 'A GraphQL mutation.' },
    IMPORT: { description: 'A spreadsheet import.' },
  } as const,
});

builder.prismaObject('AuditEntry', {
  description: 'One write to the records (nhật ký thay đổi).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Identifier of the entry, increasing with time.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the write was made (UTC).' }),
    actor: t.exposeString('actor', { description: 'Who made it.' }),
    source: t.expose('source', { type: WriteSource, description: 'A mutation or an import.' }),
    action: t.exposeString('action', { description: 'CREATE, UPDATE or DELETE.' }),
    entity: t.exposeString('entity', { description: 'The record type written, e.g. "Model".' }),
    entityKey: t.exposeString('entityKey', { description: 'The record’s natural key, e.g. "BK-2017-01" or "02152/2019".' }),
    before: t.exposeString('before', { nullable: true, description: 'The record before the write, as JSON; null for a creation.' }),
    after: t.exposeString('after', { nullable: true, description: 'The record after the write, as JSON; null for a deletion.' }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  description: 'Which writes to list; all given conditions apply.',
  fields: (t) => ({
    unit: t.string({ description: 'Writes to records of this unit or of units that were ever below it (code).' }),
    entity: t.string({ description: 'Only this record type, e.g. "Evaluation".' }),
    from: t.field({ type: 'Date', description: 'Only writes on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Only writes on or before this day.' }),
    actor: t.string({ description: 'Only writes by this actor.' }),
  }),
});

async function auditWhere(ctx: Context, filter: { unit?: string | null; entity?: string | null; from?: Date | null; to?: Date | null; actor?: string | null }) {
  const where: Prisma.AuditEntryWhereInput[] = [];
  // An officer reads the writes of their own area unless they name a unit within it; writes that belong
  // to no unit (indicators) are for whole-country accounts only.
  const unit = filter.unit ?? ctx.scope.root?.code;
  if (unit) {
    const tree = await ctx.facts.tree();
    const top = tree.byCode(unit);
    if (!top) throw new InputError(`filter.unit: no unit has the code ${JSON.stringify(unit)}`);
    await ctx.scope.require(top.id);
    // A unit in the area may once have held units that never were: their writes stay out.
    const area = ctx.scope.root ? tree.below(ctx.scope.root.id) : undefined;
    const units = [...tree.below(top.id)].filter((id) => !area || area.has(id));
    // A write that moved a record to another unit shows in the log of both.
    where.push({ OR: [{ unitId: { in: units } }, { formerUnitId: { in: units } }] });
  }
  if (filter.entity) where.push({ entity: filter.entity });
  if (filter.actor) where.push({ actor: filter.actor });
  if (filter.from) where.push({ at: { gte: filter.from } });
  if (filter.to) where.push({ at: { lt: new Date(filter.to.getTime() + 86_400_000) } });
  return { AND: where };
}

const auditFilter = oncePerArgs((ctx: Context, args: { filter?: Parameters<typeof auditWhere>[1] | null }) => auditWhere(ctx, args.filter ?? {}));

builder.queryFields((t) => ({
  auditLog: t.prismaConnection(
    {
      authScopes: { readsAuditLog: true },
      type: 'AuditEntry',
      cursor: 'id',
      description: 'Writes to the records, newest first.',
      args: { filter: t.arg({ type: AuditFilter, description: 'Which writes to list.' }) },
      maxSize: pagedBy('id'),
      totalCount: async (_parent, args, ctx) => ctx.db.auditEntry.count({ where: await auditFilter(ctx, args) }),
      resolve: async (query, _root, args, ctx) => ctx.db.auditEntry.findMany({ ...query, where: await auditFilter(ctx, args), orderBy: { id: 'desc' } }),
    },
    { name: 'AuditConnection', description: 'A page of the audit trail.' },
  ),
}));
