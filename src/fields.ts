// Fields (lĩnh vực) are data valid over spans of years: the 2018 scheme added administrative reform.

/** Whether a field is in use in a year: not before its first year, not after its last. */
export function fieldInUse(field: { firstYear: number | null; lastYear: number | null }, year: number): boolean {
  return (field.firstYear == null || field.firstYear <= year) && (field.lastYear == null || field.lastYear >= year);
}
