// A unit's yearly records (số liệu hằng năm): its plan, its satisfaction survey, a commune's new-rural status.
// Each form is a list of fields with the API's rules (src/entry/rules.ts); recording a year again replaces it.
import { useState } from 'preact/hooks';
import type { Lang } from '../shared/format.ts';
import { graphql, type VariablesOf } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import { FIELDS, type Finding, intFinding, type IntRule, statusRules, surveyRules, type TextRule, textFinding, YEAR } from '../../src/entry/rules.ts';
import { Field, OutcomeLine, problemsOfFindings, useSending, wholeNumber } from './form.tsx';
import { w, type Word } from './words.ts';

interface Spec {
  name: string;
  label: Word;
  kind: 'text' | 'int' | 'date';
  rule?: TextRule | IntRule;
  optional?: boolean;
}

const PLAN = graphql(`mutation RecordPlan($input: PlanInput!) { recordPlan(input: $input) { year } }`);
const SURVEY = graphql(`mutation RecordSatisfactionSurvey($input: SatisfactionSurveyInput!) { recordSatisfactionSurvey(input: $input) { year } }`);
const STATUS = graphql(`mutation RecordNewRuralStatus($input: NewRuralStatusInput!) { recordNewRuralStatus(input: $input) { year } }`);

interface Form {
  title: Word;
  saved: Word;
  /** Its mutation, whose input's fields are the form's `fields` by name. */
  mutation: typeof PLAN | typeof SURVEY | typeof STATUS;
  fields: Spec[];
  /** The rules across fields, over the typed values. */
  across?: (values: Record<string, number | string | null>) => Finding[];
}

const unitYear: Spec[] = [
  { name: 'unit', label: 'unitCode', kind: 'text', rule: FIELDS.plan.unit },
  { name: 'year', label: 'evaluationYear', kind: 'int', rule: YEAR },
];

const day = (text: string | number | null) => (typeof text === 'string' && text ? new Date(`${text}T00:00:00Z`) : null);

const FORMS: Form[] = [
  {
    title: 'yearlyPlan',
    saved: 'yearlySaved',
    mutation: PLAN,
    fields: [
      ...unitYear,
      { name: 'documentNumber', label: 'planNumber', kind: 'text', rule: FIELDS.plan.documentNumber, optional: true },
      { name: 'issuedOn', label: 'planIssued', kind: 'date', optional: true },
    ],
  },
  {
    title: 'yearlySurvey',
    saved: 'yearlySaved',
    mutation: SURVEY,
    fields: [
      ...unitYear,
      { name: 'respondents', label: 'surveyRespondents', kind: 'int', rule: FIELDS.survey.respondents },
      { name: 'satisfied', label: 'surveySatisfied', kind: 'int', rule: FIELDS.survey.satisfied },
    ],
    across: (values) =>
      typeof values.respondents === 'number' && typeof values.satisfied === 'number'
        ? surveyRules({ respondents: values.respondents, satisfied: values.satisfied })
        : [],
  },
  {
    title: 'yearlyStatus',
    saved: 'yearlySaved',
    mutation: STATUS,
    fields: [
      ...unitYear,
      { name: 'criteriaMet', label: 'statusCriteria', kind: 'int', rule: FIELDS.status.criteriaMet },
      { name: 'recognisedOn', label: 'statusRecognised', kind: 'date', optional: true },
    ],
    across: (values) =>
      typeof values.year === 'number' && typeof values.criteriaMet === 'number'
        ? statusRules({ year: values.year, criteriaMet: values.criteriaMet, recognisedOn: day(values.recognisedOn ?? null) })
        : [],
  },
];

export function YearlyScreen({ lang, home }: { lang: Lang; home: string }) {
  return (
    <>
      <h1>{w('appYearly', lang)}</h1>
      <p class="screen-intro">{w('yearlyIntro', lang)}</p>
      <div class="form-columns">
        {FORMS.map((form) => (
          <YearlyForm lang={lang} form={form} home={home} />
        ))}
      </div>
    </>
  );
}

function YearlyForm({ lang, form, home }: { lang: Lang; form: Form; home: string }) {
  const initial = Object.fromEntries(
    form.fields.map((field) => [field.name, field.name === 'unit' ? home : field.name === 'year' ? String(new Date().getFullYear() - 1) : '']),
  );
  const [texts, setTexts] = useState<Record<string, string>>(initial);
  // Three forms on one page have a `unit` each: each names its fields under its own name.
  const prefix = form.title;
  const { problems, outcome, send } = useSending(lang, prefix);

  async function submit(event: Event) {
    event.preventDefault();
    const values: Record<string, number | string | null> = {};
    const findings: (Finding | undefined)[] = [];
    for (const field of form.fields) {
      const text = texts[field.name]!.trim();
      if (!text) {
        values[field.name] = null;
        if (!field.optional) findings.push(textFinding(field.name, { max: 1 }, ''));
      } else if (field.kind === 'int') {
        const number = wholeNumber(text);
        values[field.name] = number;
        findings.push(intFinding(field.name, field.rule as IntRule, number ?? Number.NaN));
      } else {
        values[field.name] = text;
        if (field.rule) findings.push(textFinding(field.name, field.rule as TextRule, text));
      }
    }
    if (!findings.some(Boolean)) findings.push(...(form.across?.(values) ?? []));
    const unit = String(values.unit ?? '');
    await send(problemsOfFindings(findings, lang), async () => {
      // The values are the form's fields by name, checked above by the API's rules: the compiler cannot follow a list.
      await request(form.mutation, { input: values } as VariablesOf<Form['mutation']>);
      return w(form.saved, lang, { unit, year: String(values.year) });
    });
  }

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{w(form.title, lang)}</h2>
      {form.fields.map((field) => (
        <Field name={`${prefix}.${field.name}`} label={field.label} optional={field.optional} lang={lang} problems={problems}>
          {(a) => {
            const typed = {
              ...a,
              value: texts[field.name],
              onInput: (event: Event) => setTexts({ ...texts, [field.name]: (event.currentTarget as HTMLInputElement).value }),
            };
            return field.kind === 'date' ? <input {...typed} type="date" /> : <input {...typed} inputMode={field.kind === 'int' ? 'numeric' : 'text'} />;
          }}
        </Field>
      ))}
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w('yearlySubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}
