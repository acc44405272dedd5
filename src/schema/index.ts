// Imports every domain type, then builds the schema.
import { isObjectType } from 'graphql';
import { builder } from './builder.ts';
import './inputs.ts';
import './unit.ts';
import './field.ts';
import './model.ts';
import './yearly-records.ts';
import './indicator.ts';
import './coverage.ts';
import './audit.ts';
import './import.ts';

export const schema = builder.toSchema({ sortSchema: true });

// The Prisma plugin adds `totalCount` to connections without a way to describe it.
for (const type of Object.values(schema.getTypeMap())) {
  const totalCount = isObjectType(type) ? type.getFields().totalCount : undefined;
  if (totalCount && !totalCount.description) totalCount.description = 'How many items match, over all pages.';
}
