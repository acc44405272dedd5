// Indicators and their targets (whole-country administrators): a new indicator, an indicator's names, its
// targets by years as percentages, and its definition in the definition language (docs/indicators.md),
// checked by the API, whose problems show at their field, the definition or the target's row. Others see
// them read-only.
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request, type SessionUser } from '../shared/session.ts';
import { Field, OutcomeLine, useSending, wholeNumber } from './form.tsx';
import { w } from './words.ts';

const INDICATORS = graphql(`
  query Indicators {
    indicators {
      code nameVi nameEn numerator { vi en } denominator { vi en } definition definitionInWords { vi en } targets { value firstYear lastYear source }
    }
  }
`);
const SAVE = graphql(`mutation SaveIndicator($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`);

type Indicator = ResultOf<typeof INDICATORS>['indicators'][number];
type Target = Indicator['targets'][number];

/** A target's row as typed: the value in percent. */
interface Row {
  percent: string;
  firstYear: string;
  lastYear: string;
  source: string;
}

/** The names an indicator is shown with, as its input names them; the code only for a new one. */
const NAMES = ['nameVi', 'nameEn', 'numeratorVi', 'numeratorEn', 'denominatorVi', 'denominatorEn'] as const;
type Names = Record<'code' | (typeof NAMES)[number], string>;

const namesOf = (indicator: Indicator): Names => ({
  code: indicator.code,
  nameVi: indicator.nameVi,
  nameEn: indicator.nameEn,
  numeratorVi: indicator.numerator.vi,
  numeratorEn: indicator.numerator.en,
  denominatorVi: indicator.denominator.vi,
  denominatorEn: indicator.denominator.en,
});

/** What a new indicator starts from: no name, no target, the simplest definition (docs/indicators.md) to change. */
const NEW_INDICATOR: Indicator = {
  code: '',
  nameVi: '',
  nameEn: '',
  numerator: { vi: '', en: '' },
  denominator: { vi: '', en: '' },
  definition: JSON.stringify({ measure: 'UNITS_WITH_PLAN', unitKinds: ['COMMUNE'] }),
  definitionInWords: { vi: '', en: '' },
  targets: [],
};

const rowOf = (target: Target): Row => ({
  percent: String(Math.round(target.value * 1000) / 10),
  firstYear: String(target.firstYear),
  lastYear: String(target.lastYear),
  source: target.source ?? '',
});

export function IndicatorsScreen({ lang, me }: { lang: Lang; me: SessionUser }) {
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [code, setCode] = useState('');
  const [creating, setCreating] = useState(false);
  // The form starts afresh when another indicator is chosen or a new one begun, not when one is saved: a
  // new indicator's form stays, with what it said, as the indicator it saved.
  const [formKey, setFormKey] = useState(0);
  const begin = (next: { code: string; creating: boolean }) => {
    setCode(next.code);
    setCreating(next.creating);
    setFormKey((key) => key + 1);
  };
  const load = () =>
    request(INDICATORS, {}).then(
      (answer) => {
        setIndicators(answer.indicators);
        setCode((current) => current || answer.indicators[0]?.code || '');
      },
      () => setIndicators([]),
    );
  useEffect(() => void load(), []);
  const indicator = indicators.find((candidate) => candidate.code === code);
  // Indicators belong to no unit: only whole-country administrators change them (the API refuses the others).
  const editable = me.role === 'ADMIN' && !me.unit;

  return (
    <>
      <h1>{w('appIndicators', lang)}</h1>
      <p class="screen-intro">{w(editable ? 'indicatorsIntro' : 'indicatorsReadOnly', lang)}</p>
      <div class="field">
        <label for="indicator-choice">{w('indicator', lang)}</label>
        <select id="indicator-choice" value={creating ? '' : code} onChange={(event) => begin({ code: event.currentTarget.value, creating: false })}>
          {creating ? <option value="">{w('indicatorNew', lang)}</option> : null}
          {indicators.map((option) => (
            <option value={option.code}>{lang === 'vi' ? option.nameVi : option.nameEn}</option>
          ))}
        </select>
      </div>
      {editable && !creating ? (
        <button type="button" class="button-link" onClick={() => begin({ code, creating: true })}>
          {w('indicatorNew', lang)}
        </button>
      ) : null}
      {creating || indicator ? (
        <IndicatorForm
          key={formKey}
          lang={lang}
          indicator={creating ? NEW_INDICATOR : indicator!}
          editable={editable}
          saved={async (savedCode) => {
            await load();
            setCode(savedCode);
            setCreating(false);
          }}
        />
      ) : null}
    </>
  );
}

function IndicatorForm({ lang, indicator, editable, saved }: { lang: Lang; indicator: Indicator; editable: boolean; saved: (code: string) => Promise<void> }) {
  const isNew = indicator.code === '';
  const [names, setNames] = useState<Names>(namesOf(indicator));
  const [rows, setRows] = useState<Row[]>(indicator.targets.map(rowOf));
  const [definition, setDefinition] = useState(JSON.stringify(JSON.parse(indicator.definition), null, 2));
  const { problems, outcome, send } = useSending(lang);
  const setRow = (index: number, name: keyof Row) => (event: Event) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, [name]: (event.currentTarget as HTMLInputElement).value } : row)));

  async function submit(event: Event) {
    event.preventDefault();
    const local: Record<string, string> = {};
    const targets = rows.map((row, index) => {
      const percent = Number(row.percent.replace(',', '.'));
      if (!row.percent.trim() || !Number.isFinite(percent) || percent < 0 || percent > 100) local[`targets.${index}.value`] = w('percentRule', lang);
      for (const name of ['firstYear', 'lastYear'] as const)
        if (wholeNumber(row[name]) === null || Number.isNaN(wholeNumber(row[name]))) local[`targets.${index}.${name}`] = w('appWholeNumber', lang);
      return {
        value: Math.round(percent * 10) / 1000,
        // Sent only when the checks above found both years (`local` holds a problem otherwise).
        firstYear: wholeNumber(row.firstYear)!,
        lastYear: wholeNumber(row.lastYear)!,
        source: row.source.trim() || null,
      };
    });
    try {
      JSON.parse(definition);
    } catch {
      local.definition = w('definitionJson', lang);
    }
    const trimmed = Object.fromEntries(Object.entries(names).map(([name, value]) => [name, value.trim()])) as Names;
    const input = { ...trimmed, definition, targets };
    const ok = await send(local, async () => {
      await request(SAVE, { input });
      return w('indicatorSaved', lang, { name: lang === 'vi' ? input.nameVi : input.nameEn });
    });
    if (ok) await saved(input.code);
  }

  // The API names a definition's problem by its path inside the definition: all of them belong to that field.
  const definitionProblems = Object.entries(problems).filter(([key]) => key === 'definition' || key.startsWith('definition.'));
  const problemAt = (key: string) =>
    problems[key] ? (
      <p id={`problem-${key.replace(/\./g, '-')}`} class="field-problem" data-problem-for={key}>
        {problems[key]}
      </p>
    ) : null;
  return (
    <form class="panel" onSubmit={submit} noValidate aria-label={isNew ? w('indicatorNew', lang) : lang === 'vi' ? indicator.nameVi : indicator.nameEn}>
      {isNew ? null : <p class="screen-intro">{indicator.definitionInWords[lang]}</p>}
      <h2>{w('indicatorNames', lang)}</h2>
      {/* The code names the indicator for good (embeds, exports, the API): it is chosen once, when it is made. */}
      <Field name="code" label="indicatorCode" lang={lang} problems={problems}>
        {(a) => <input {...a} value={names.code} readOnly={!isNew} onInput={(event) => setNames({ ...names, code: event.currentTarget.value })} />}
      </Field>
      <div class="field-row">
        {NAMES.map((name) => (
          <Field name={name} label={name} lang={lang} problems={problems}>
            {(a) => <input {...a} value={names[name]} readOnly={!editable} onInput={(event) => setNames({ ...names, [name]: event.currentTarget.value })} />}
          </Field>
        ))}
      </div>
      <h2>{w('targets', lang)}</h2>
      <div class="table-scroll">
        <table class="data-table targets">
          <thead>
            <tr>
              <th scope="col">{w('fromYear', lang)}</th>
              <th scope="col">{w('toYear', lang)}</th>
              <th scope="col">{w('targetPercent', lang)}</th>
              <th scope="col">{w('targetSource', lang)}</th>
              {editable ? <th scope="col">{w('actions', lang)}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr data-target-row={index}>
                {(['firstYear', 'lastYear', 'percent', 'source'] as const).map((name) => {
                  const key = `targets.${index}.${name === 'percent' ? 'value' : name}`;
                  return (
                    <td>
                      <input
                        aria-label={`${w(name === 'percent' ? 'targetPercent' : name === 'source' ? 'targetSource' : name === 'firstYear' ? 'fromYear' : 'toYear', lang)} ${index + 1}`}
                        value={row[name]}
                        onInput={setRow(index, name)}
                        readOnly={!editable}
                        inputMode={name === 'source' ? undefined : 'decimal'}
                        aria-invalid={problems[key] ? 'true' : undefined}
                      />
                      {problemAt(key)}
                    </td>
                  );
                })}
                {editable ? (
                  <td>
                    <button type="button" class="button-small" onClick={() => setRows(rows.filter((_row, at) => at !== index))}>
                      {w('targetRemove', lang)}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problemAt('targets')}
      {editable ? (
        <button type="button" class="button-link" onClick={() => setRows([...rows, { percent: '', firstYear: '', lastYear: '', source: '' }])}>
          {w('targetAdd', lang)}
        </button>
      ) : null}
      <div class={`field${definitionProblems.length ? ' field-invalid' : ''}`}>
        <label for="indicator-definition">{w('definition', lang)}</label>
        <textarea
          id="indicator-definition"
          class="snippet"
          rows={8}
          value={definition}
          readOnly={!editable}
          onInput={(event) => setDefinition(event.currentTarget.value)}
          aria-invalid={definitionProblems.length ? 'true' : undefined}
          aria-describedby={definitionProblems.length ? 'definition-problems' : undefined}
        />
        {definitionProblems.length ? (
          <ul id="definition-problems" class="field-problem" data-problem-for="definition">
            {definitionProblems.map(([key, problem]) => (
              <li>{key === 'definition' ? problem : `${key.slice('definition.'.length)}: ${problem}`}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {editable ? (
        <button type="submit" class="button" disabled={outcome.state === 'busy'}>
          {w('indicatorSave', lang)}
        </button>
      ) : null}
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}
