// The printed SDL matches the code, and every type, field, argument and enum value says what it is.
import { readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isObjectType, isScalarType, printSchema, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/db/datamodel.ts';
import { schema } from '../../src/schema/index.ts';

const ownTypes = Object.values(schema.getTypeMap()).filter(
  (type: GraphQLNamedType) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name),
);

describe('the GraphQL schema', () => {
  it('is printed in schema/schema.graphql', () => {
    expect(readFileSync(projectPath('schema/schema.graphql'), 'utf8')).toBe(`${printSchema(schema)}\n`);
  });

  it('describes every type, field, argument and enum value', () => {
    const undescribed: string[] = [];
    for (const type of ownTypes) {
      if (!type.description) undescribed.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undescribed.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) undescribed.push(`${type.name}.${value.name}`);
      }
      if (isScalarType(type) && !type.description) undescribed.push(type.name);
    }
    expect(undescribed).toEqual([]);
  });
});
