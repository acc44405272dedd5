// The app's tables: a heading row of words and the rows given, scrolling sideways on a narrow screen.
import type { ComponentChildren } from 'preact';
import type { Lang } from '../shared/format.ts';
import { w, type Word } from './words.ts';

export function DataTable({
  lang,
  headings,
  children,
  ...attributes
}: {
  lang: Lang;
  headings: Word[];
  children: ComponentChildren;
  [data: `data-${string}`]: boolean;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table" {...attributes}>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th scope="col">{w(heading, lang)}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
