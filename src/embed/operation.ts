// The one operation a widget on an embed token may run (a persisted operation): the server knows it by its
// SHA-256 hash and refuses any other document from an embed token. The widget imports this file, so both
// sides send and expect the same text; tests/database/embed.test.ts checks that the hash is the document's.

export const EMBEDDED_CHART_OPERATION = `query DvkEmbeddedChart($year: Int) {
  embeddedChart(year: $year) {
    chart fromYear toYear
    coverage {
      indicator { code nameVi nameEn denominator { vi en } }
      unit { code name }
      year numerator denominator ratio target gap shortfall status counts
      definition { vi en }
      breakdown(by: CHILD_UNITS) {
        unit { code name } group { label { vi en } isUnitItself } numerator denominator ratio target status
      }
    }
    series { year numerator denominator ratio target status }
  }
}`;

export const EMBEDDED_CHART_HASH = '914d27ec029de079bb9690d7659d6647a51d03e5f22e0de641e7bfd8ad923df2';

/**
 * The header every widget's request carries. Its preflight names it, which is how the server tells a
 * widget's cross-origin request from any other before it is sent, and answers it with CORS headers whatever
 * the page's origin, so that the widget can read why a token was refused there (src/server/guards.ts corsOf).
 */
export const WIDGET_HEADER = 'x-dvk-widget';
