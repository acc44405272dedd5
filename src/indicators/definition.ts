// The declarative language of indicator definitions. A definition is stored as JSON beside the indicator,
// validated here before it is stored or used, and only ever interpreted by its measure (./measures/): no
// user text reaches SQL.
import { z } from 'zod';
import type { MeasureRules } from './measures/measure.ts';
import { modelsMeeting } from './measures/models-meeting.ts';
import { newRuralRecognised } from './measures/new-rural-recognised.ts';
import { satisfiedRespondents } from './measures/satisfied-respondents.ts';
import { unitsWithModels } from './measures/units-with-models.ts';
import { unitsWithPlan } from './measures/units-with-plan.ts';
import type { Words } from './phrases.ts';

/** The measures, one module each: a new measure is a module of ./measures/ and a line here. */
const MEASURES = [unitsWithModels, modelsMeeting, unitsWithPlan, satisfiedRespondents, newRuralRecognised] as const;

export const definitionSchema = z.discriminatedUnion(
  'measure',
  // The list's schemas; `map` loses that the list is not empty, which zod's type asks.
  MEASURES.map((measure) => measure.schema) as unknown as [(typeof MEASURES)[number]['schema'], ...(typeof MEASURES)[number]['schema'][]],
);

export type Definition = z.infer<typeof definitionSchema>;

const byName = new Map<string, (typeof MEASURES)[number]>(MEASURES.map((measure) => [measure.schema.shape.measure.value, measure]));

/** The rules of a definition's measure, which take the definition as it is (the schema parsed it by the same name). */
export function measureOf<D extends Definition>(definition: D): MeasureRules<D> {
  return byName.get(definition.measure) as unknown as MeasureRules<D>;
}

/** What a definition counts: units, models or respondents. */
export function countedThings(definition: Definition): MeasureRules<Definition>['counts'] {
  return measureOf(definition).counts;
}

/** The definition in words; `fieldNames` gives the names of the field codes it mentions. */
export function describeDefinition(definition: Definition, fieldNames: Map<string, Words>): Words {
  return measureOf(definition).describe(definition, fieldNames);
}

/** Parses stored or submitted JSON; the problems name each mistake with its path in the definition. */
export function parseDefinition(input: unknown): { definition: Definition; problems?: undefined } | { problems: string[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { problems: ['definition: not valid JSON'] };
    }
  }
  const parsed = definitionSchema.safeParse(value);
  if (parsed.success) return { definition: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'definition'}: ${issue.message}`) };
}

/** The stored definition, parsed; a stored definition that no longer parses is a server fault. */
export function definitionOf(indicator: { code: string; definition: string }): Definition {
  const parsed = parseDefinition(indicator.definition);
  if (parsed.problems) throw new Error(`stored definition of ${indicator.code} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}
