// The one rule of a target, for the API's status and shortfall and for the charts' colours: a coverage meets
// its target when its ratio reaches it. Ratios and targets are fractions in floating point, where 55 % of 100
// is 55.00000000000001: a difference below a billionth is no difference.

const TOLERANCE = 1e-9;

/** Whether a ratio reaches its target. */
export function reaches(ratio: number, target: number): boolean {
  return ratio >= target - TOLERANCE;
}

/** How many more must count for the ratio to reach the target (0 once it does): the count whose ratio first reaches it, less the count. */
export function shortfall(numerator: number, denominator: number, target: number): number {
  return Math.max(0, Math.ceil((target - TOLERANCE) * denominator) - numerator);
}
