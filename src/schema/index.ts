// Imports every domain type, then builds the schema.
import { isObjectType } from 'graphql';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import './inputs.ts';
import './unit.ts';
import './field.ts';
import './model.ts';
import './yearly-records.ts';
import './indicator.ts';
import './catalogue.ts';
import './coverage.ts';
import './audit.ts';
import './import.ts';
import './access.ts';
import './embed.ts';

export const schema = builder.toSchema({ sortSchema: true });

/**
 * An operation is executed in slices of the request thread (src/turns.ts): a field resolved once the
 * operation has held the thread 10 ms waits for the event loop to turn first. The national overview is
 * thousands of fields, 0.2–0.5 s of work that /health and cached answers waited behind; fields without a
 * resolver of their own (a property read) need no wrapping.
 */
for (const type of Object.values(schema.getTypeMap())) {
  if (!isObjectType(type) || type.name.startsWith('__')) continue;
  for (const field of Object.values(type.getFields())) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = (parent, args, context: Context, info) => {
      const turn = context.facts.turns.due();
      return turn ? turn.then(() => resolve(parent, args, context, info)) : resolve(parent, args, context, info);
    };
  }
}

// The Prisma plugin adds `totalCount` to connections without a way to describe it.
for (const type of Object.values(schema.getTypeMap())) {
  const totalCount = isObjectType(type) ? type.getFields().totalCount : undefined;
  if (totalCount && !totalCount.description) totalCount.description = 'How many items match, over all pages.';
}

/**
 * Deny by default: every root field states who may use it (src/schema/builder.ts lists the scopes). A field
 * added without a rule stops the server at start-up and fails tests/database/access.test.ts, rather than answering
 * anyone who asks.
 */
export function fieldsWithoutRule(built = schema): string[] {
  return [built.getQueryType(), built.getMutationType()].flatMap((type) =>
    Object.values(type?.getFields() ?? {})
      .filter((field) => (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes === undefined)
      .map((field) => `${type!.name}.${field.name}`),
  );
}

const unruled = fieldsWithoutRule();
if (unruled.length) throw new Error(`Fields without an access rule (authScopes): ${unruled.join(', ')}`);
