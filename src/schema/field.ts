// Fields (lĩnh vực) models work in. The list is data, valid per span of years: provinces add their own.
import { failIfAny } from '../entry/checks.ts';
import { writeAs } from '../entry/write.ts';
import { fieldInUse } from '../entry/rules.ts';
import { fieldProblems, writeField } from '../indicators/reference.ts';
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
    sortOrder: t.exposeInt('sortOrder', { description: 'Position in lists: the official order.' }),
  }),
});

const FieldInput = builder.inputType('FieldInput', {
  description: 'A field to create or replace, identified by its code.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'Stable code: 2 to 64 upper case letters, digits and underscores, e.g. "CAI_CACH_HANH_CHINH".' }),
    nameVi: t.string({ required: true, description: 'Vietnamese name, e.g. "Cải cách hành chính".' }),
    nameEn: t.string({ required: true, description: 'English name, e.g. "Administrative reform".' }),
    firstYear: t.int({ description: 'First year the field is used; omit when it always was.' }),
    lastYear: t.int({ description: 'Last year the field is used; omit while it still is.' }),
    sortOrder: t.int({ description: 'Position in lists (0 to 10000); omitted, a stored field keeps its own and a new one goes last.' }),
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

builder.mutationFields((t) => ({
  saveField: t.prismaField({
    authScopes: { administers: true },
    type: 'Field',
    description:
      'Creates or replaces a field by its code. Refused when models of the field would start outside its new years. Fields are reference data: whole-country administrators only.',
    args: { input: t.arg({ type: FieldInput, required: true, description: 'The field.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const stored = await writer.tx.field.findUnique({ where: { code: input.code }, select: { sortOrder: true } });
        const last = await writer.tx.field.aggregate({ _max: { sortOrder: true } });
        const field = {
          ...input,
          nameVi: input.nameVi.trim(),
          nameEn: input.nameEn.trim(),
          firstYear: input.firstYear ?? null,
          lastYear: input.lastYear ?? null,
          sortOrder: input.sortOrder ?? stored?.sortOrder ?? (last._max.sortOrder ?? 0) + 1,
        };
        failIfAny(fieldProblems(field, ['input']));
        const { id } = await writeField(writer, field, ['input']);
        return writer.tx.field.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
}));
