// What every form of the app shares: a field with its label and its problem, and sending a mutation whose
// refusal puts each problem at its field. Problems are found twice by the same rules (src/entry/rules.ts):
// here before sending, so that an officer sees them at once, and by the API, which alone knows the
// records (a unit outside the area, a key already registered) and which a form can never bypass.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, type Problem } from '../shared/api.ts';
import type { Lang } from '../shared/format.ts';
import type { Finding } from '../../src/entry/rules.ts';
import { w, type Word } from './words.ts';

/** Each field's problem, in the page's language, by field name. */
export type Problems = Record<string, string>;

export const problemsOfFindings = (findings: (Finding | undefined)[], lang: Lang): Problems =>
  Object.fromEntries(findings.flatMap((found) => (found ? [[found.field, found[lang]]] : [])));

/** The API's problems by their field: the path under the input, dotted ("startYear", "targets.0.value"), in Vietnamese where the rule has it. */
export const problemsOfAnswer = (problems: Problem[], lang: Lang): Problems =>
  Object.fromEntries(
    problems.map((problem) => [
      (problem.path[0] === 'input' ? problem.path.slice(1) : problem.path).join('.'),
      lang === 'vi' ? (problem.vi ?? problem.message) : problem.message,
    ]),
  );

interface FieldProps {
  name: string;
  label: Word;
  lang: Lang;
  problems: Problems;
  optional?: boolean;
  /** The control, given the id and ARIA attributes that tie it to its label and its problem. */
  children: (attributes: { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}

/** A labelled control; its problem below it, announced and tied to it (aria-describedby). */
export function Field({ name, label, lang, problems, optional, children }: FieldProps) {
  const id = `field-${name}`;
  const problem = problems[name];
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={id}>
        {w(label, lang)}
        {optional ? <span class="field-optional"> ({w('appOptional', lang)})</span> : null}
      </label>
      {children({ id, name, ...(problem ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-problem` } : {}) })}
      {problem ? (
        <p id={`${id}-problem`} class="field-problem" data-problem-for={name}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** What a form shows after sending: nothing yet, busy, its problems, a failure, or what was saved. */
export type Outcome =
  | { state: 'idle' | 'busy' | 'failed' }
  | { state: 'invalid'; count: number }
  | { state: 'saved'; message: string }
  | { state: 'refused'; message: string };

/**
 * A form's sending: the local checks first (nothing is sent while they find a problem), then the mutation;
 * BAD_USER_INPUT puts the API's problems at their fields, FORBIDDEN says what is outside the viewer's area,
 * anything else that nothing was saved.
 */
export function useSending(lang: Lang, form?: string) {
  const [problems, setProblems] = useState<Problems>({});
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  // A form beside another with fields of the same names names its own "form.field", so that ids stay unique.
  const at = (found: Problems): Problems => (form ? Object.fromEntries(Object.entries(found).map(([name, problem]) => [`${form}.${name}`, problem])) : found);
  async function send(local: Problems, mutation: () => Promise<string>): Promise<boolean> {
    setProblems(at(local));
    if (Object.keys(local).length) {
      setOutcome({ state: 'invalid', count: Object.keys(local).length });
      return false;
    }
    setOutcome({ state: 'busy' });
    try {
      setOutcome({ state: 'saved', message: await mutation() });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.problems.length) {
        const found = at(problemsOfAnswer(error.problems, lang));
        setProblems(found);
        setOutcome({ state: 'invalid', count: Object.keys(found).length });
      } else if (error instanceof ApiError && error.code === 'FORBIDDEN') {
        setOutcome({ state: 'refused', message: error.in(lang) });
      } else setOutcome({ state: 'failed' });
      return false;
    }
  }
  return { problems, outcome, send };
}

/** The line under a form's button: announced to screen readers as it changes. */
export function OutcomeLine({ outcome, lang }: { outcome: Outcome; lang: Lang }) {
  const text =
    outcome.state === 'busy'
      ? w('appSaving', lang)
      : outcome.state === 'failed'
        ? w('appFailed', lang)
        : outcome.state === 'invalid'
          ? w('appFixProblems', lang, { n: outcome.count })
          : outcome.state === 'saved' || outcome.state === 'refused'
            ? outcome.message
            : '';
  const alarming = outcome.state === 'invalid' || outcome.state === 'failed' || outcome.state === 'refused';
  return (
    <p class={`form-outcome form-outcome-${outcome.state}`} role={alarming ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

/** A number typed in a field, or NaN when it is not a whole number; empty is null. */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A choice among named records (fields, indicators), by code, named in the page's language; "–" while none is chosen. */
export function NamedChoice({
  attributes,
  value,
  choose,
  options,
  lang,
}: {
  attributes: Record<string, string | undefined>;
  value: string;
  choose: (event: Event) => void;
  options: { code: string; nameVi: string; nameEn: string }[];
  lang: Lang;
}) {
  return (
    <select {...attributes} value={value} onChange={choose}>
      <option value="">–</option>
      {options.map((option) => (
        <option value={option.code}>{lang === 'vi' ? option.nameVi : option.nameEn}</option>
      ))}
    </select>
  );
}

type Typed = (event: Event) => void;

/** A field's control for a code (a unit's, a model's key): typed as it is, no spelling help. */
export const codeInput = (value: string, typed: Typed) => (attributes: Record<string, string | undefined>) => (
  <input {...attributes} value={value} onInput={typed} autocomplete="off" spellcheck={false} />
);

/** A field's control for a whole number (a year, a count): the phone shows digits. */
export const numberInput = (value: string, typed: Typed) => (attributes: Record<string, string | undefined>) => (
  <input {...attributes} value={value} onInput={typed} inputMode="numeric" />
);
