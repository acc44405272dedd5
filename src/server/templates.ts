// Spreadsheet templates as downloads (/templates/<kind>.csv), for officers who fill them in Excel and
// import them back (docs/import.md lists the kinds and their columns).
import type { Plugin } from 'graphql-yoga';
import { kindFromSlug, KIND_SLUGS } from '../import/columns.ts';
import { templateCsv } from '../import/template.ts';

export function useImportTemplates(): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      const slug = /^\/templates\/([\w-]+)\.csv$/.exec(url.pathname)?.[1];
      if (!slug) return;
      const kind = kindFromSlug(slug);
      if (!kind) {
        const known = Object.values(KIND_SLUGS)
          .map((name) => `/templates/${name}.csv`)
          .join(', ');
        endResponse(new fetchAPI.Response(`No template named ${slug}: ${known}`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      endResponse(
        new fetchAPI.Response(templateCsv(kind), {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="mau-${KIND_SLUGS[kind]}.csv"` },
        }),
      );
    },
  };
}
