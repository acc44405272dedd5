// What a measure is: everything the system does differently for it, in one module each (./*.ts, listed in
// ../definition.ts). The analytics, the schema, the missing lists and the wording ask the measure; none of
// them switches on its name.
import type { z } from 'zod';
import type { Facts, Owners } from '../../analytics/facts.ts';
import type { UnitKind } from '../../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from '../model-filter.ts';
import type { Words } from '../phrases.ts';

/** What a measure does with a definition of its own. */
export interface MeasureRules<Definition> {
  /**
   * What its numerator and denominator count. The missing members follow from it: units listed by code,
   * models by the unit answering for them, and none for respondents (a ratio of two sums).
   */
  counts: 'UNITS' | 'MODELS' | 'RESPONDENTS';
  /**
   * For a measure that counts models, which break down by field: the fields it counts them in (undefined:
   * every field). Absent for the others, which have no breakdown by field.
   */
  fieldsCounted?(definition: Definition): string[] | undefined;
  /** The definition in words; `fieldNames` names the field codes it mentions. */
  describe(definition: Definition, fieldNames: Map<string, Words>): Words;
  /** Each unit's own numerator, denominator and records on the day, from the facts (src/analytics/tallies/compute.ts). */
  tally(definition: Definition, counting: Counting): Promise<void>;
  /**
   * For a measure that counts models: the models of its denominator, and what they must meet, as the missing
   * list's SQL selects those that do not (src/analytics/sql/models-not-meeting.ts).
   */
  modelsMissing?(definition: Definition): { filter: ModelFilter; condition: ModelCondition };
}

/** A measure: its definitions' JSON schema (`measure` is its name), and its rules. */
export interface Measure<Schema extends z.ZodObject<{ measure: z.ZodLiteral<string> }>> extends MeasureRules<z.infer<Schema>> {
  schema: Schema;
}

/** A measure's counting of one slice: the facts to read, and the arrays, by unit id, to fill. */
export interface Counting {
  facts: Facts;
  year: number;
  /** The one field a coverage is restricted to, if any. */
  fieldId: number | undefined;
  /** The units whose records are read. */
  owners: Owners;
  numerators: Float64Array;
  denominators: Float64Array;
  /** The year's records the numbers rest on (Tally.records). */
  records: Float64Array;
  /** The unit accountable on the day for records of the owner; -1 for none. */
  accountable(ownerId: number): number;
  /**
   * The units of the population: 1 each in the denominator, and in the numerator those covered; their
   * records of the year (`recorded`, by accountable unit), the records of other units not being counted.
   */
  countUnits(kinds: UnitKind[], covered: (unitId: number) => boolean, recorded: ArrayLike<number>): void;
  /** Records of the year by accountable unit, from rows of owners. */
  recordsOf(rows: { ownerId: number }[]): Int32Array;
}
