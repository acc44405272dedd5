// Models and exemplars (mô hình, điển hình): register one, and record its yearly evaluation. Officers and
// administrators, within their area: the API refuses anything outside it, whatever the form sends.
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/format.ts';
import { request } from '../shared/session.ts';
import { FIELDS, HOLDERS, IN_ENGLISH, intFinding, MODEL_KINDS, modelRules, RATINGS, textFinding, YEAR, type Finding } from '../../src/entry/rules.ts';
import { Field, OutcomeLine, problemsOfFindings, useSending, wholeNumber } from './form.tsx';
import { w } from './words.ts';

type Rating = keyof typeof RATINGS;
type ModelKind = keyof typeof MODEL_KINDS;
type Holder = keyof typeof HOLDERS;

interface FieldOption {
  code: string;
  nameVi: string;
  nameEn: string;
}

/** A list's label in the page's language: the Vietnamese is the server's (src/entry/rules.ts). */
const labelOf = <K extends string>(vi: Record<K, string>, en: Record<K, string>, code: K, lang: Lang) => (lang === 'vi' ? vi[code] : en[code]);

/** A year typed in a field, by the API's rule; empty is a problem unless the field is optional. */
function yearFinding(field: string, text: string, optional = false): Finding | undefined {
  const year = wholeNumber(text);
  if (year === null) return optional ? undefined : textFinding(field, YEAR_TEXT, text);
  return intFinding(field, YEAR, year);
}
const YEAR_TEXT = { max: 4 };

/** An optional text: checked by its rule only when something is typed. */
const optionalText = (field: string, rule: { max: number }, text: string) => (text.trim() ? textFinding(field, rule, text) : undefined);
const orNull = (text: string) => (text.trim() ? text.trim() : null);

export function ModelsScreen({ lang, home }: { lang: Lang; home: string }) {
  const [evaluating, setEvaluating] = useState('');
  return (
    <>
      <h1>{w('appModels', lang)}</h1>
      <p class="screen-intro">{w('modelsIntro', lang)}</p>
      <div class="form-columns">
        <RegisterModel lang={lang} home={home} registered={setEvaluating} />
        <RecordEvaluation lang={lang} model={evaluating} />
      </div>
    </>
  );
}

function RegisterModel({ lang, home, registered }: { lang: Lang; home: string; registered: (key: string) => void }) {
  const [values, setValues] = useState({
    registrationKey: '',
    title: '',
    kind: 'MODEL' as ModelKind,
    holder: 'COLLECTIVE' as Holder,
    unit: home,
    field: '',
    startYear: String(new Date().getFullYear()),
    endYear: '',
    description: '',
    sourceUrl: '',
  });
  const [fields, setFields] = useState<FieldOption[]>([]);
  const { problems, outcome, send } = useSending(lang);
  const set = (name: keyof typeof values) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  // The fields in use in the model's first year.
  const startYear = wholeNumber(values.startYear);
  useEffect(() => {
    const year = startYear !== null && intFinding('', YEAR, startYear) === undefined ? startYear : null;
    void request<{ fields: FieldOption[] }>('query($year: Int) { fields(year: $year) { code nameVi nameEn } }', { year }).then(
      (answer) => setFields(answer.fields),
      () => setFields([]),
    );
  }, [startYear]);

  async function submit(event: Event) {
    event.preventDefault();
    const rules = FIELDS.model;
    const start = wholeNumber(values.startYear);
    const end = wholeNumber(values.endYear);
    const findings = [
      textFinding('registrationKey', rules.registrationKey, values.registrationKey),
      textFinding('title', rules.title, values.title),
      textFinding('unit', rules.unit, values.unit),
      textFinding('field', rules.field, values.field),
      yearFinding('startYear', values.startYear),
      yearFinding('endYear', values.endYear, true),
      optionalText('description', rules.description, values.description),
    ];
    if (start !== null && !Number.isNaN(start) && end !== null && !Number.isNaN(end)) findings.push(...modelRules({ startYear: start, endYear: end }));
    const input = {
      registrationKey: values.registrationKey.trim(),
      title: values.title.trim(),
      kind: values.kind,
      holder: values.holder,
      unit: values.unit.trim(),
      field: values.field,
      startYear: start,
      endYear: end,
      description: orNull(values.description),
      sourceUrl: orNull(values.sourceUrl),
    };
    const saved = await send(problemsOfFindings(findings, lang), async () => {
      const { registerModel } = await request<{ registerModel: { registrationKey: string; title: string } }>(
        'mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey title } }',
        { input },
      );
      return w('registered', lang, { key: registerModel.registrationKey, title: registerModel.title });
    });
    if (saved) registered(input.registrationKey);
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="register-heading">
      <h2 id="register-heading">{w('registerModel', lang)}</h2>
      <Field name="registrationKey" label="registrationKey" {...common}>
        {(a) => <input {...a} value={values.registrationKey} onInput={set('registrationKey')} autocomplete="off" spellcheck={false} />}
      </Field>
      <Field name="title" label="modelTitle" {...common}>
        {(a) => <input {...a} value={values.title} onInput={set('title')} />}
      </Field>
      <div class="field-row">
        <Field name="kind" label="modelKind" {...common}>
          {(a) => (
            <select {...a} value={values.kind} onChange={set('kind')}>
              {(Object.keys(MODEL_KINDS) as ModelKind[]).map((kind) => (
                <option value={kind}>{labelOf(MODEL_KINDS, IN_ENGLISH.modelKinds, kind, lang)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="holder" label="holder" {...common}>
          {(a) => (
            <select {...a} value={values.holder} onChange={set('holder')}>
              {(Object.keys(HOLDERS) as Holder[]).map((holder) => (
                <option value={holder}>{labelOf(HOLDERS, IN_ENGLISH.holders, holder, lang)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="unit" label="modelUnit" {...common}>
        {(a) => <input {...a} value={values.unit} onInput={set('unit')} autocomplete="off" spellcheck={false} />}
      </Field>
      <div class="field-row">
        <Field name="startYear" label="startYear" {...common}>
          {(a) => <input {...a} value={values.startYear} onInput={set('startYear')} inputMode="numeric" />}
        </Field>
        <Field name="endYear" label="endYear" optional {...common}>
          {(a) => <input {...a} value={values.endYear} onInput={set('endYear')} inputMode="numeric" />}
        </Field>
      </div>
      <Field name="field" label="field" {...common}>
        {(a) => (
          <select {...a} value={values.field} onChange={set('field')}>
            <option value="">–</option>
            {fields.map((field) => (
              <option value={field.code}>{lang === 'vi' ? field.nameVi : field.nameEn}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name="description" label="description" optional {...common}>
        {(a) => <textarea {...a} value={values.description} onInput={set('description')} rows={3} />}
      </Field>
      <Field name="sourceUrl" label="sourceUrl" optional {...common}>
        {(a) => <input {...a} type="url" value={values.sourceUrl} onInput={set('sourceUrl')} />}
      </Field>
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w('registerSubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}

function RecordEvaluation({ lang, model }: { lang: Lang; model: string }) {
  const [values, setValues] = useState({
    model,
    year: String(new Date().getFullYear()),
    rating: 'EFFECTIVE' as Rating,
    replication: false,
    evaluator: '',
    note: '',
  });
  // A model just registered is the one to evaluate next.
  useEffect(() => setValues((current) => ({ ...current, model })), [model]);
  const { problems, outcome, send } = useSending(lang);
  const set = (name: 'model' | 'year' | 'rating' | 'evaluator' | 'note') => (event: Event) =>
    setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    const rules = FIELDS.evaluation;
    const findings = [
      textFinding('model', rules.model, values.model),
      yearFinding('year', values.year),
      optionalText('evaluator', rules.evaluator, values.evaluator),
      optionalText('note', rules.note, values.note),
    ];
    const input = {
      model: values.model.trim(),
      year: wholeNumber(values.year),
      rating: values.rating,
      recommendedForReplication: values.replication,
      evaluator: orNull(values.evaluator),
      note: orNull(values.note),
    };
    await send(problemsOfFindings(findings, lang), async () => {
      const { recordEvaluation } = await request<{ recordEvaluation: { year: number; rating: Rating; model: { registrationKey: string } } }>(
        'mutation($input: EvaluationInput!) { recordEvaluation(input: $input) { year rating model { registrationKey } } }',
        { input },
      );
      return w('evaluated', lang, {
        year: recordEvaluation.year,
        key: recordEvaluation.model.registrationKey,
        rating: labelOf(RATINGS, IN_ENGLISH.ratings, recordEvaluation.rating, lang),
      });
    });
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">{w('recordEvaluation', lang)}</h2>
      <Field name="model" label="evaluationModel" {...common}>
        {(a) => <input {...a} value={values.model} onInput={set('model')} autocomplete="off" spellcheck={false} />}
      </Field>
      <div class="field-row">
        <Field name="year" label="evaluationYear" {...common}>
          {(a) => <input {...a} value={values.year} onInput={set('year')} inputMode="numeric" />}
        </Field>
        <Field name="rating" label="rating" {...common}>
          {(a) => (
            <select {...a} value={values.rating} onChange={set('rating')}>
              {(Object.keys(RATINGS) as Rating[]).map((rating) => (
                <option value={rating}>{labelOf(RATINGS, IN_ENGLISH.ratings, rating, lang)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="field field-check">
        <input
          id="field-replication"
          type="checkbox"
          checked={values.replication}
          onChange={(event) => setValues({ ...values, replication: event.currentTarget.checked })}
        />
        <label for="field-replication">{w('replication', lang)}</label>
      </div>
      <Field name="evaluator" label="evaluator" optional {...common}>
        {(a) => <input {...a} value={values.evaluator} onInput={set('evaluator')} autocomplete="off" spellcheck={false} />}
      </Field>
      <Field name="note" label="note" optional {...common}>
        {(a) => <textarea {...a} value={values.note} onInput={set('note')} rows={2} />}
      </Field>
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w('evaluationSubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}
