// Values made on first ask and kept in a Map or WeakMap: per request, per tree, per worker thread.

/** The value under `key`, made by `make` and kept there the first time it is asked for. */
export function getOrMake<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  const kept = map.get(key);
  if (kept !== undefined) return kept;
  const made = make();
  map.set(key, made);
  return made;
}
