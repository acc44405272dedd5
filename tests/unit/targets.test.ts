// The rule of a target (src/indicators/targets.ts): the API's status and shortfall and the charts' colours.
import { describe, expect, it } from 'vitest';
import { reaches, shortfall } from '../../src/indicators/targets.ts';

describe('a target', () => {
  it('is reached by a ratio equal to it, whatever floating point makes of the product', () => {
    // 0.55 × 100 is 55.00000000000001: 55 of 100 meets 55 %.
    expect(0.55 * 100).toBeGreaterThan(55);
    expect([reaches(55 / 100, 0.55), shortfall(55, 100, 0.55)]).toEqual([true, 0]);
    expect([reaches(7 / 10, 0.7), shortfall(7, 10, 0.7)]).toEqual([true, 0]);
    expect([reaches(6 / 10, 0.7), shortfall(6, 10, 0.7)]).toEqual([false, 1]);
    expect(shortfall(0, 108, 1)).toBe(108);
    expect(shortfall(982, 1000, 0.8)).toBe(0);
  });

  it('says the same in its status as in its shortfall, for every count of up to 300', () => {
    const disagreements: string[] = [];
    for (const target of [0.1, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1, 1 / 3, 2 / 3]) {
      for (let denominator = 1; denominator <= 300; denominator++) {
        for (let numerator = 0; numerator <= denominator; numerator++) {
          const met = reaches(numerator / denominator, target);
          const short = shortfall(numerator, denominator, target);
          if (met !== (short === 0)) disagreements.push(`${numerator}/${denominator} at ${target}`);
          // The shortfall is the fewest more that reach the target.
          if (short > 0 && (!reaches((numerator + short) / denominator, target) || reaches((numerator + short - 1) / denominator, target))) {
            disagreements.push(`${numerator}/${denominator} at ${target}: ${short} more`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
