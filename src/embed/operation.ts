// The one operation a widget on an embed token may run (a persisted operation): the server knows it by its
// SHA-256 hash and refuses any other document from an embed token. The widget imports this file, so both
// sides send and expect the same text; tests/database/embed.test.ts checks that the hash is the document's.

export const EMBEDDED_CHART_OPERATION = `query DvkEmbeddedChart($year: Int) {
  embeddedChart(year: $year) {
    chart fromYear toYear
    coverage {
      indicator { code nameVi nameEn denominator { vi en } }
      unit { code name }
      year numerator denominator records ratio target gap shortfall status counts
      definition { vi en }
      breakdown(by: CHILD_UNITS) {
        unit { code name } group { label { vi en } isUnitItself } numerator denominator ratio target status
      }
    }
    series { year numerator denominator records ratio target status }
  }
}`;

export const EMBEDDED_CHART_HASH = 'a1ba71e8b4e1d9502cc5090da94abc32e9684b3ef92bc1beb6029b342edc408a';

/**
 * The operations of widget scripts served before, by hash: still answered, so that a portal's cached or
 * content-hashed copy of an earlier script keeps working (it reads no `records`, and shows a year not
 * reported as 0 %, as it did).
 */
export const EARLIER_EMBEDDED_CHART_OPERATIONS: Record<string, string> = {
  // Until 2026-12-05, before the records of a year.
  '914d27ec029de079bb9690d7659d6647a51d03e5f22e0de641e7bfd8ad923df2': `query DvkEmbeddedChart($year: Int) {
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
}`,
};

/**
 * The header every widget's request carries. Its preflight names it, which is how the server tells a
 * widget's cross-origin request from any other before it is sent, and answers it with CORS headers whatever
 * the page's origin, so that the widget can read why a token was refused there (src/server/guards.ts corsOf).
 */
export const WIDGET_HEADER = 'x-dvk-widget';
