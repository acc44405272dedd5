// What a request's variables and strings may hold, checked once before anything else reads them: variables
// (and extensions) nested no deeper than MAX_VARIABLE_DEPTH, so that no recursive walker (the response
// cache's key, graphql-js's coercion) can overflow its stack; and no NUL character (U+0000) in any string,
// variable or literal: PostgreSQL's text cannot hold one (a 500), and SQLite's search matched every unit.
import type { ASTVisitor, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RequestInputError } from '../errors.ts';
import { isUpload } from '../lib/uploads.ts';
import { MAX_VARIABLE_DEPTH } from './limits.ts';

const NUL = '\u0000';
const NUL_MESSAGE = 'A string holds a NUL character (U+0000), which no field accepts.';

/** What is wrong with a JSON value, if anything; iterative, as the value may be nested to any depth. */
function problemOf(value: unknown, name: string): string | undefined {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return NUL_MESSAGE;
      continue;
    }
    // A file (an upload) is bytes, not text: its size is the body's limit's business (./guards.ts).
    if (item === null || typeof item !== 'object' || isUpload(item)) continue;
    if (depth >= MAX_VARIABLE_DEPTH) return `The ${name} are nested deeper than ${MAX_VARIABLE_DEPTH} levels.`;
    for (const [key, child] of Object.entries(item)) {
      if (key.includes(NUL)) return NUL_MESSAGE;
      pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

function noNulLiterals(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (node.value.includes(NUL)) context.reportError(new RequestInputError(NUL_MESSAGE, { nodes: node }));
    },
  };
}

/** Refuses the request as soon as it is parsed, before any plugin's onParams (the cache's key) reads it. */
export function useInputBounds(): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          for (const params of [requestParserResult].flat()) {
            const problem = problemOf(params.variables, 'variables') ?? problemOf(params.extensions, 'extensions');
            if (problem) throw new RequestInputError(problem);
          }
        },
      };
    },
    onValidate({ addValidationRule }) {
      addValidationRule(noNulLiterals);
    },
  };
}
