// Fields (lĩnh vực) models work in. The list is data, valid per span of years: provinces add their own.
import type { Prisma } from '../generated/sqlite/client.ts';
import { builder } from './builder.ts';
import { checkYear } from './inputs.ts';

/** Fields valid in a year: neither before their first year nor after their last. */
export function fieldValidIn(year: number): Prisma.FieldWhereInput {
  return {
    AND: [{ OR: [{ firstYear: null }, { firstYear: { lte: year } }] }, { OR: [{ lastYear: null }, { lastYear: { gte: year } }] }],
  };
}

builder.prismaObject('Field', {
  description: 'A field (lĩnh vực) that models work in, valid over a span of years.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. "NONG_THON_MOI".' }),
    nameVi: t.exposeString('nameVi', { description: 'Vietnamese name, e.g. "Xây dựng nông thôn mới".' }),
    nameEn: t.exposeString('nameEn', { description: 'English name, e.g. "New rural construction".' }),
    firstYear: t.exposeInt('firstYear', { nullable: true, description: 'First year the field is used; null when it always was.' }),
    lastYear: t.exposeInt('lastYear', { nullable: true, description: 'Last year the field is used; null while it still is.' }),
  }),
});

builder.queryFields((t) => ({
  fields: t.prismaField({
    type: ['Field'],
    description: 'The fields (lĩnh vực), in their official order; only those valid in `year` when it is given.',
    args: { year: t.arg.int({ description: 'Only fields valid in this year.' }) },
    resolve: (query, _root, { year }, ctx) =>
      ctx.db.field.findMany({
        ...query,
        where: year == null ? {} : fieldValidIn(checkYear('year', year)),
        orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
      }),
  }),
}));
