// How the mutations check what officers enter, by the rules of ./rules.ts (which the spreadsheet import
// applies too): each problem names its field, so a form can point at it.
import type { z } from 'zod';
import { InvalidInputError, type Problem } from '../errors.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { unitInYear, zText, zYear, type Finding } from './rules.ts';

export { isoDay, lifespan } from './rules.ts';
export const year = zYear;
export const text = (max: number) => zText({ max });

/** Parses with a zod schema; every issue becomes a problem under `path`. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, path: (string | number)[]): { value?: T; problems: Problem[] } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => ({
      path: [...path, ...(issue.path as (string | number)[])],
      message: issue.message,
      ...(issue.code === 'custom' && typeof issue.params?.vi === 'string' ? { vi: issue.params.vi } : {}),
    })),
  };
}

export function failIfAny(problems: Problem[]): void {
  if (problems.length) throw new InvalidInputError(problems);
}

/** The findings of a rule as problems under `path`. */
export const problemsOf = (findings: (Finding | undefined)[], path: (string | number)[]): Problem[] =>
  findings.flatMap((found) => (found ? [{ path: [...path, found.field], message: found.en, vi: found.vi }] : []));

/** The unit with this code, if it existed at some time in the year; otherwise a problem saying why not. */
export async function unitExistingIn(
  tx: Prisma.TransactionClient,
  code: string,
  inYear: number,
  path: (string | number)[],
): Promise<{ unit?: { id: number; code: string; kind: string }; problem?: Problem }> {
  const unit = await tx.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, kind: true, validFrom: true, validTo: true } });
  const found = unitInYear(unit, code, inYear, '');
  return found ? { problem: { path, message: found.en, vi: found.vi } } : { unit: unit! };
}
