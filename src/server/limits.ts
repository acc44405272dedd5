// Limits on what one operation may ask, so that no single request can exhaust the server: nesting depth
// (checked before execution) and the number of coverages (counted while resolving).
import { Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TooComplexError } from '../errors.ts';

/** Deep enough for GraphiQL's introspection (12 levels) and the dashboard (7); far from a recursion bomb. */
export const MAX_DEPTH = 15;

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      deepest = Math.max(deepest, depthOf(fragment?.selectionSet, fragments, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

const maxDepthRule: ValidationRule = (context) => {
  const fragments = new Map(
    context
      .getDocument()
      .definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > MAX_DEPTH) context.reportError(new TooComplexError(`The operation nests fields ${depth} levels deep; at most ${MAX_DEPTH} are allowed`));
    },
  };
};

export function useDepthLimit(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule);
    },
  };
}
