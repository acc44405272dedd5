// The widget script portals load: <script src="https://<api>/widgets/dvk.js"></script>, then <dvk-chart>
// elements anywhere on the page. Built as one self-contained file (Chart.js included), see docs/widgets.md.
import { defineDvkChart } from './element.ts';

/**
 * The API is wherever this script came from, so a portal writes one address, in its script tag. Read now:
 * `document.currentScript` is only set while a classic script first runs. Loaded as a module
 * (type="module") there is none, so the tag is looked up by its path, the stable /widgets/dvk.js or a
 * content-hashed /widgets/dvk.<hash>.js; the embed page bundles this file rather than loading it, and talks
 * to its own origin, the API's.
 */
function scriptOrigin(): string {
  const script = document.currentScript ?? document.querySelector('script[src*="/widgets/dvk."]');
  if (script instanceof HTMLScriptElement && script.src) {
    try {
      return new URL(script.src).origin;
    } catch {
      // An unparsable src cannot have loaded this script; fall through to the page's origin.
    }
  }
  return location.origin;
}

defineDvkChart(`${scriptOrigin()}/graphql`);

export { DvkChart, defineDvkChart } from './element.ts';
