// Models and exemplars (mô hình, điển hình): register one, and record its yearly evaluation. Officers and
// administrators, within their area: the API refuses anything outside it, whatever the form sends.
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import {
  AWARD_LEVELS,
  awardRules,
  FIELDS,
  HOLDERS,
  IN_ENGLISH,
  intFinding,
  MODEL_KINDS,
  modelRules,
  RATINGS,
  textFinding,
  YEAR,
  type Finding,
} from '../../src/entry/rules.ts';
import { codeInput, Field, NamedChoice, numberInput, OutcomeLine, problemsOfFindings, useSending, wholeNumber } from './form.tsx';
import { DataTable } from './table.tsx';
import { w } from './words.ts';

type Rating = keyof typeof RATINGS;
type ModelKind = keyof typeof MODEL_KINDS;
type Holder = keyof typeof HOLDERS;

const MODELS = graphql(`
  query AreaModels($under: String) {
    models(filter: { under: $under }, last: 30) {
      edges { node { registrationKey title kind holder unit { code name } field { code nameVi nameEn } startYear endYear description sourceUrl } }
    }
  }
`);
const FIELDS_OF_YEAR = graphql(`query FieldsOfYear($year: Int) { fields(year: $year) { code nameVi nameEn } }`);
const UPDATE = graphql(`mutation UpdateModel($key: String!, $input: ModelInput!) { updateModel(registrationKey: $key, input: $input) { registrationKey } }`);
const REGISTER = graphql(`mutation RegisterModel($input: ModelInput!) { registerModel(input: $input) { registrationKey title } }`);
const EVALUATE = graphql(`mutation RecordEvaluation($input: EvaluationInput!) { recordEvaluation(input: $input) { year rating model { registrationKey } } }`);
const AWARD = graphql(`mutation RecordAward($input: AwardInput!) { recordAward(input: $input) { year } }`);

type FieldOption = ResultOf<typeof FIELDS_OF_YEAR>['fields'][number];

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

/** A model as the list and the edit form read it. */
type ModelRow = ResultOf<typeof MODELS>['models']['edges'][number]['node'];

export function ModelsScreen({ lang, home }: { lang: Lang; home: string }) {
  const [evaluating, setEvaluating] = useState('');
  const [editing, setEditing] = useState<ModelRow | undefined>();
  const [models, setModels] = useState<ModelRow[] | undefined>();
  // The area's latest models: the API lists the oldest first, so the last page is the newest.
  const load = () =>
    request(MODELS, { under: home || null }).then(
      (answer) => setModels(answer.models.edges.map((edge) => edge.node).reverse()),
      () => setModels([]),
    );
  useEffect(() => void load(), []);
  return (
    <>
      <h1>{w('appModels', lang)}</h1>
      <p class="screen-intro">{w('modelsIntro', lang)}</p>
      <div class="form-columns">
        <RegisterModel
          key={editing?.registrationKey ?? 'new'}
          lang={lang}
          home={home}
          editing={editing}
          saved={(key) => {
            // The form stays as it is, with its message: "Thôi sửa" leaves an edit.
            setEvaluating(key);
            void load();
          }}
          cancel={() => setEditing(undefined)}
        />
        <div>
          <RecordEvaluation lang={lang} model={evaluating} />
          <RecordAward lang={lang} model={evaluating} />
        </div>
      </div>
      <section class="panel" aria-labelledby="models-heading">
        <h2 id="models-heading">{w('recentModels', lang)}</h2>
        {models && !models.length ? <p>{w('noModels', lang)}</p> : null}
        {models?.length ? (
          <DataTable lang={lang} headings={['registrationKey', 'modelTitle', 'modelUnit', 'field', 'modelYears', 'actions']}>
            {models.map((model) => (
              <tr data-model={model.registrationKey}>
                <td>{model.registrationKey}</td>
                <td>{model.title}</td>
                <td>{model.unit.name}</td>
                <td>{lang === 'vi' ? model.field.nameVi : model.field.nameEn}</td>
                <td>{`${model.startYear}–${model.endYear ?? ''}`}</td>
                <td class="actions">
                  <button type="button" class="button-small" onClick={() => setEditing(model)}>
                    {w('editModel', lang)}
                  </button>
                  <button type="button" class="button-small" onClick={() => setEvaluating(model.registrationKey)}>
                    {w('evaluate', lang)}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
    </>
  );
}

interface RegisterProps {
  lang: Lang;
  home: string;
  /** The model being edited; none, a new one is registered. */
  editing?: ModelRow;
  saved: (key: string) => void;
  cancel: () => void;
}

function RegisterModel({ lang, home, editing, saved: registered, cancel }: RegisterProps) {
  const [values, setValues] = useState({
    registrationKey: editing?.registrationKey ?? '',
    title: editing?.title ?? '',
    kind: editing?.kind ?? ('MODEL' as ModelKind),
    holder: editing?.holder ?? ('COLLECTIVE' as Holder),
    unit: editing?.unit.code ?? home,
    field: editing?.field.code ?? '',
    startYear: String(editing?.startYear ?? new Date().getFullYear()),
    endYear: editing?.endYear == null ? '' : String(editing.endYear),
    description: editing?.description ?? '',
    sourceUrl: editing?.sourceUrl ?? '',
  });
  const [fields, setFields] = useState<FieldOption[]>([]);
  const { problems, outcome, send } = useSending(lang);
  const set = (name: keyof typeof values) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  // The fields in use in the model's first year.
  const startYear = wholeNumber(values.startYear);
  useEffect(() => {
    const year = startYear !== null && intFinding('', YEAR, startYear) === undefined ? startYear : null;
    void request(FIELDS_OF_YEAR, { year }).then(
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
      // Sent only when the checks above found the first year.
      startYear: start!,
      endYear: end,
      description: orNull(values.description),
      sourceUrl: orNull(values.sourceUrl),
    };
    const saved = await send(problemsOfFindings(findings, lang), async () => {
      if (editing) {
        await request(UPDATE, { key: editing.registrationKey, input });
        return w('modelUpdated', lang, { key: input.registrationKey });
      }
      const { registerModel } = await request(REGISTER, { input });
      return w('registered', lang, { key: registerModel.registrationKey, title: registerModel.title });
    });
    if (saved) registered(input.registrationKey);
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="register-heading">
      <h2 id="register-heading">{editing ? w('editModelTitle', lang, { key: editing.registrationKey }) : w('registerModel', lang)}</h2>
      <Field name="registrationKey" label="registrationKey" {...common}>
        {(a) => (
          <input {...a} value={values.registrationKey} onInput={set('registrationKey')} readOnly={Boolean(editing)} autocomplete="off" spellcheck={false} />
        )}
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
        {codeInput(values.unit, set('unit'))}
      </Field>
      <div class="field-row">
        <Field name="startYear" label="startYear" {...common}>
          {numberInput(values.startYear, set('startYear'))}
        </Field>
        <Field name="endYear" label="endYear" optional {...common}>
          {numberInput(values.endYear, set('endYear'))}
        </Field>
      </div>
      <Field name="field" label="field" {...common}>
        {(a) => <NamedChoice attributes={a} value={values.field} choose={set('field')} options={fields} lang={lang} />}
      </Field>
      <Field name="description" label="description" optional {...common}>
        {(a) => <textarea {...a} value={values.description} onInput={set('description')} rows={3} />}
      </Field>
      <Field name="sourceUrl" label="sourceUrl" optional {...common}>
        {(a) => <input {...a} type="url" value={values.sourceUrl} onInput={set('sourceUrl')} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="button" disabled={outcome.state === 'busy'}>
          {w(editing ? 'saveModel' : 'registerSubmit', lang)}
        </button>
        {editing ? (
          <button type="button" class="button-link" onClick={cancel}>
            {w('cancelEdit', lang)}
          </button>
        ) : null}
      </div>
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
      // Sent only when the checks above found the year.
      year: wholeNumber(values.year)!,
      rating: values.rating,
      recommendedForReplication: values.replication,
      evaluator: orNull(values.evaluator),
      note: orNull(values.note),
    };
    await send(problemsOfFindings(findings, lang), async () => {
      const { recordEvaluation } = await request(EVALUATE, { input });
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
        {codeInput(values.model, set('model'))}
      </Field>
      <div class="field-row">
        <Field name="year" label="evaluationYear" {...common}>
          {numberInput(values.year, set('year'))}
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
        {codeInput(values.evaluator, set('evaluator'))}
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

type AwardLevel = keyof typeof AWARD_LEVELS;

function RecordAward({ lang, model }: { lang: Lang; model: string }) {
  const [values, setValues] = useState({
    model,
    year: String(new Date().getFullYear()),
    level: 'DISTRICT' as AwardLevel,
    title: '',
    decisionNumber: '',
    decisionDate: '',
    grantor: '',
  });
  useEffect(() => setValues((current) => ({ ...current, model })), [model]);
  // The evaluation form beside it has a model and a year too.
  const { problems, outcome, send } = useSending(lang, 'award');
  const set = (name: keyof typeof values) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    const rules = FIELDS.award;
    const year = wholeNumber(values.year);
    const decisionDate = values.decisionDate ? new Date(`${values.decisionDate}T00:00:00Z`) : null;
    const findings = [
      textFinding('model', rules.model, values.model),
      yearFinding('year', values.year),
      textFinding('title', rules.title, values.title),
      optionalText('decisionNumber', rules.decisionNumber, values.decisionNumber),
      optionalText('grantor', rules.grantor, values.grantor),
      ...(year !== null && !Number.isNaN(year) ? awardRules({ year, decisionDate }) : []),
    ];
    const input = {
      model: values.model.trim(),
      // Sent only when the checks above found the year.
      year: year!,
      level: values.level,
      title: values.title.trim(),
      decisionNumber: orNull(values.decisionNumber),
      decisionDate: values.decisionDate || null,
      grantor: orNull(values.grantor),
    };
    await send(problemsOfFindings(findings, lang), async () => {
      await request(AWARD, { input });
      return w('awarded', lang, { key: input.model, year: String(year) });
    });
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="award-heading">
      <h2 id="award-heading">{w('recordAward', lang)}</h2>
      <Field name="award.model" label="evaluationModel" {...common}>
        {codeInput(values.model, set('model'))}
      </Field>
      <div class="field-row">
        <Field name="award.year" label="evaluationYear" {...common}>
          {numberInput(values.year, set('year'))}
        </Field>
        <Field name="award.level" label="awardLevel" {...common}>
          {(a) => (
            <select {...a} value={values.level} onChange={set('level')}>
              {(Object.keys(AWARD_LEVELS) as AwardLevel[]).map((level) => (
                <option value={level}>{labelOf(AWARD_LEVELS, IN_ENGLISH.awardLevels, level, lang)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="award.title" label="awardTitle" {...common}>
        {(a) => <input {...a} value={values.title} onInput={set('title')} />}
      </Field>
      <div class="field-row">
        <Field name="award.decisionNumber" label="awardDecision" optional {...common}>
          {(a) => <input {...a} value={values.decisionNumber} onInput={set('decisionNumber')} />}
        </Field>
        <Field name="award.decisionDate" label="awardDate" optional {...common}>
          {(a) => <input {...a} type="date" value={values.decisionDate} onInput={set('decisionDate')} />}
        </Field>
      </div>
      <Field name="award.grantor" label="awardGrantor" optional {...common}>
        {codeInput(values.grantor, set('grantor'))}
      </Field>
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w('awardSubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}
