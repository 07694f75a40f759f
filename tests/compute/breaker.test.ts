// The circuit breaker's state machine on a manual clock. Expected states follow from the
// definition in src/compute/breaker.ts (closed -> open after the threshold, cool-down, one probe).
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerOptions, type BreakerTransition } from '../../src/compute/breaker.js';

const OPTIONS: BreakerOptions = { tripAfterConsecutiveFailures: 3, tripFailureRate: 1, failureRateWindowBatches: 100, coolDownMs: 1000 };

function breaker(o: Partial<BreakerOptions> = {}) {
  const clock = { ms: 0 };
  const transitions: BreakerTransition[] = [];
  const b = new CircuitBreaker({ ...OPTIONS, ...o }, () => clock.ms, (t) => transitions.push(t));
  const fail = (why = 'cuda error: x') => b.failure(b.begin(), why);
  const succeed = () => b.success(b.begin());
  return { b, clock, transitions, fail, succeed };
}

describe('CircuitBreaker', () => {
  it('opens after the consecutive-failure threshold, not before; a success resets the count', () => {
    const { b, fail, succeed, transitions } = breaker();
    fail();
    fail();
    succeed();
    fail();
    fail();
    expect(b.state).toBe('closed');
    fail();
    expect(b.state).toBe('open');
    expect(b.admits).toBe(false);
    expect(transitions).toEqual([{ from: 'closed', to: 'open', why: '3 consecutive GPU failures, last: cuda error: x' }]);
  });

  it('opens on the failure rate over a full window even without consecutive failures', () => {
    // alternating failure/success never makes 3 in a row; 2 of the last 4 is the 0.5 rate
    const { b, fail, succeed } = breaker({ tripFailureRate: 0.5, failureRateWindowBatches: 4 });
    fail();
    succeed();
    fail();
    expect(b.state).toBe('closed'); // window not full yet (3 of 4)
    succeed();
    expect(b.state).toBe('closed'); // a success never trips
    fail();
    expect(b.state).toBe('open'); // last 4: s f s f = 2/4
  });

  it('stays open for the cool-down, then admits exactly one probe', () => {
    const { b, clock, fail } = breaker();
    fail();
    fail();
    fail();
    clock.ms = 999;
    expect(b.state).toBe('open');
    clock.ms = 1000;
    expect(b.state).toBe('half_open');
    expect(b.admits).toBe(true);
    const probe = b.begin();
    expect(probe.probe).toBe(true);
    expect(b.admits).toBe(false); // the probe is out: everything else goes to the CPU
    b.success(probe);
    expect(b.state).toBe('closed');
    expect(b.admits).toBe(true);
  });

  it('a failed probe opens it again for a new cool-down', () => {
    const { b, clock, fail, transitions } = breaker();
    fail();
    fail();
    fail();
    clock.ms = 1500;
    b.failure(b.begin(), 'timeout: GPU batch did not finish');
    expect(b.state).toBe('open');
    clock.ms = 2499;
    expect(b.state).toBe('open'); // cool-down counts from the probe's failure
    clock.ms = 2500;
    expect(b.state).toBe('half_open');
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'open', 'half_open']);
    expect(transitions[2].why).toBe('probe batch failed: timeout: GPU batch did not finish');
  });

  it('after closing, the failure count starts again from zero', () => {
    const { b, clock, fail } = breaker();
    fail();
    fail();
    fail();
    clock.ms = 1000;
    b.success(b.begin());
    fail();
    fail();
    expect(b.state).toBe('closed');
    fail();
    expect(b.state).toBe('open');
  });

  it('outcomes of batches started in an earlier state do not decide the current one', () => {
    const { b, clock, fail } = breaker();
    const early = b.begin(); // started while closed, finishes much later
    fail();
    fail();
    fail();
    clock.ms = 1000;
    expect(b.state).toBe('half_open');
    const probe = b.begin();
    b.success(early); // not the probe: must not close the breaker
    expect(b.state).toBe('half_open');
    expect(b.admits).toBe(false);
    b.failure(early, 'late'); // nor re-open it
    expect(b.state).toBe('half_open');
    b.failure(probe, 'cuda error: y');
    expect(b.state).toBe('open');
  });

  it('a released probe leaves it half-open for the next probe', () => {
    const { b, clock, fail } = breaker();
    fail();
    fail();
    fail();
    clock.ms = 1000;
    const probe = b.begin();
    expect(b.admits).toBe(false);
    b.release(probe);
    expect(b.state).toBe('half_open');
    expect(b.admits).toBe(true);
  });

  it('refuses begin() while open', () => {
    const { b, fail } = breaker({ tripAfterConsecutiveFailures: 1 });
    fail();
    expect(() => b.begin()).toThrow(/not admitting/);
  });
});
