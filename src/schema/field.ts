// Fields (lĩnh vực) models work in. The list is data, valid per span of years: provinces add their own.
import { fieldInUse } from '../fields.ts';
import { builder } from './builder.ts';
import { checkYear } from './inputs.ts';

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
    authScopes: { signedIn: true },
    type: ['Field'],
    description: 'The fields (lĩnh vực), in their official order; only those valid in `year` when it is given.',
    args: { year: t.arg.int({ description: 'Only fields valid in this year.' }) },
    resolve: async (query, _root, { year }, ctx) => {
      const inYear = year == null ? null : checkYear('year', year);
      // A handful of rows: read them all and keep those in use with the one rule the analytics apply too.
      const fields = await ctx.db.field.findMany({ ...query, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
      return inYear == null ? fields : fields.filter((field) => fieldInUse(field, inYear));
    },
  }),
}));
