// Which attempts gpu.faultInjection fails: counted by hand from the definition (every Nth attempt,
// at most maxFaults, each candidate with the given probability).
import { describe, expect, it } from 'vitest';
import { FaultInjector, type FaultConfig } from '../../src/compute/faults.js';

const cfg = (o: Partial<FaultConfig>): FaultConfig => ({ mode: 'fail', everyN: 1, probability: 1, seed: 1, maxFaults: null, ...o });
const draw = (f: FaultInjector, n: number) => Array.from({ length: n }, () => f.next() ?? '-');

describe('FaultInjector', () => {
  it('mode none injects nothing', () => {
    expect(draw(new FaultInjector(cfg({ mode: 'none' })), 5)).toEqual(['-', '-', '-', '-', '-']);
  });

  it('every Nth attempt, up to maxFaults', () => {
    const f = new FaultInjector(cfg({ mode: 'oom', everyN: 3, maxFaults: 2 }));
    expect(draw(f, 10)).toEqual(['-', '-', 'oom', '-', '-', 'oom', '-', '-', '-', '-']);
    expect(f.count).toBe(2);
  });

  it('a probability draws from a seeded generator: the same seed gives the same faults', () => {
    const a = draw(new FaultInjector(cfg({ mode: 'timeout', probability: 0.5, seed: 7 })), 200);
    const b = draw(new FaultInjector(cfg({ mode: 'timeout', probability: 0.5, seed: 7 })), 200);
    expect(a).toEqual(b);
    const faults = a.filter((x) => x === 'timeout').length;
    // binomial(200, 0.5): mean 100, sd ~7; 60..140 is over 5 sd either side
    expect(faults).toBeGreaterThan(60);
    expect(faults).toBeLessThan(140);
    expect(draw(new FaultInjector(cfg({ probability: 0 })), 20).every((x) => x === '-')).toBe(true);
  });
});
