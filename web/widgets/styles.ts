// The widget's shadow-root style. Everything a portal may theme is a CSS custom property read here with a
// default: custom properties inherit through the shadow boundary, while the portal's own rules cannot leak in.
export const widgetStyle = `
:host {
  display: block;
  width: 100%;
  height: var(--dvk-height, 320px);
  box-sizing: border-box;
  contain: content;
  font-family: var(--dvk-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  font-size: 14px;
  line-height: 1.4;
  color: var(--dvk-color-text, #1f2937);
  background: var(--dvk-background, #fff);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.frame { height: 100%; padding: 12px; display: flex; flex-direction: column; overflow: hidden; }
figure { margin: 0; flex: 1; min-height: 0; display: flex; flex-direction: column; gap: 6px; }
figcaption { display: flex; flex-direction: column; gap: 2px; }
.title { margin: 0; font-size: 15px; font-weight: 600; line-height: 1.3; }
.subtitle { margin: 0; font-size: 12.5px; opacity: .8; }
.headline { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px; font-size: 13px; }
.value { font-size: 24px; font-weight: 700; line-height: 1.1; }
.status::before {
  content: ""; display: inline-block; width: .7em; height: .7em; margin-right: .35em; border-radius: 50%;
  background: var(--dvk-color-neutral, #2563eb);
}
.status[data-status="MET"]::before { background: var(--dvk-color-met, #15803d); }
.status[data-status="BELOW_TARGET"]::before { background: var(--dvk-color-below, #d97706); }
.body { position: relative; flex: 1; min-height: 80px; }
.chart { position: absolute; inset: 0; }
.table-panel { position: absolute; inset: 0; overflow: auto; background: var(--dvk-background, #fff); }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
/* Out of sight, not out of the accessibility tree. */
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
th, td { padding: 3px 6px; border-bottom: 1px solid color-mix(in srgb, currentColor 18%, transparent); text-align: right; white-space: nowrap; }
th[scope="row"] { font-weight: normal; white-space: normal; min-width: 10em; }
thead th { position: sticky; top: 0; background: var(--dvk-background, #fff); font-weight: 600; vertical-align: bottom; }
tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
th[scope="row"], th.text, td[data-field="status"] { text-align: left; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; }
button {
  font: inherit; font-size: 12.5px; line-height: 1.3; padding: 3px 10px; cursor: pointer;
  color: inherit; background: transparent; border: 1px solid color-mix(in srgb, currentColor 45%, transparent); border-radius: 4px;
}
button:hover { background: color-mix(in srgb, currentColor 8%, transparent); }
button:focus-visible { outline: 2px solid var(--dvk-color-neutral, #2563eb); outline-offset: 2px; }
.message { margin: auto; max-width: 36em; text-align: center; display: flex; flex-direction: column; align-items: center; gap: 8px; }
.message p { margin: 0; }
.detail { font-size: 12.5px; opacity: .8; }
`;
