// The one element factory of the dashboard and the widgets, so that pages build their elements without a
// framework and without innerHTML (names come from the database: they are text, never markup).

type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (className sets the class; false and undefined leave an attribute out). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}
