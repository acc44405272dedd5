// Checks of the records officers enter, shared by the mutations and (later) the spreadsheet import: each
// problem names its field, so a form or a spreadsheet row can point at it.
import { z } from 'zod';
import { InvalidInputError, type Problem } from '../errors.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { FIRST_YEAR, LAST_YEAR } from '../schema/inputs.ts';

export const year = z.number().int().min(FIRST_YEAR, `a year from ${FIRST_YEAR}`).max(LAST_YEAR, `a year up to ${LAST_YEAR}`);
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/** Parses with a zod schema; every issue becomes a problem under `path`. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, path: (string | number)[]): { value?: T; problems: Problem[] } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => ({ path: [...path, ...(issue.path as (string | number)[])], message: issue.message })) };
}

export function failIfAny(problems: Problem[]): void {
  if (problems.length) throw new InvalidInputError(problems);
}

export const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/** "2020-02-01 to …": a unit's validity, open ends as "…". */
export const lifespan = (unit: { validFrom: Date | null; validTo: Date | null }) =>
  `${unit.validFrom ? isoDay(unit.validFrom) : '…'} to ${unit.validTo ? isoDay(unit.validTo) : '…'}`;

/** The unit with this code, if it existed at some time in the year; otherwise a problem saying why not. */
export async function unitExistingIn(
  tx: Prisma.TransactionClient,
  code: string,
  inYear: number,
  path: (string | number)[],
): Promise<{ unit?: { id: number; code: string; kind: string }; problem?: Problem }> {
  const unit = await tx.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, kind: true, validFrom: true, validTo: true } });
  if (!unit) return { problem: { path, message: `no unit has the code ${JSON.stringify(code)}` } };
  const started = !unit.validFrom || unit.validFrom.getUTCFullYear() <= inYear;
  const lasted = !unit.validTo || unit.validTo.getUTCFullYear() >= inYear;
  if (!started || !lasted) {
    return { problem: { path, message: `${unit.name} (${code}) did not exist in ${inYear}: it existed from ${lifespan(unit)}` } };
  }
  return { unit };
}
