// Fuzzing the edge validator with random proto-shaped requests (tests/helpers/requests.ts): it
// either returns a job that honours every limit, or throws INVALID_ARGUMENT with a message, and
// nothing else. The oracle is the documented contract of ForecastRequest, not the code's output.
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { arimaModel } from '../../src/models/arima/model.js';
import { baselineModels } from '../../src/models/baselines.js';
import { ensembleModel } from '../../src/models/ensemble/model.js';
import { garchFamilyModels } from '../../src/models/garch/model.js';
import { ModelRegistry } from '../../src/models/registry.js';
import { loadNative } from '../../src/native/binding.js';
import { StatusError } from '../../src/server/status.js';
import { validateForecastRequest, type ProtoForecastRequest } from '../../src/server/validate.js';
import { forecastRequest } from '../helpers/requests.js';

const cfg = loadConfig({ env: {} });
const native = loadNative();
const registry: ModelRegistry = new ModelRegistry([
  ...baselineModels(() => native, { ewmaLambda: 0.94 }),
  ...garchFamilyModels(() => native, cfg.garch, 0.94),
  arimaModel(() => native),
  ensembleModel((name) => registry.get(name), cfg.ensemble),
]);

// Fields a JS caller (the CLI, a test) could get wrong, beyond what the wire can carry.
const junk = fc.constantFrom(undefined, null, 'x', -1, 1.5, NaN, [], {}, [null]);

describe('fuzz: validateForecastRequest', () => {
  it('a random request is a job within the limits, or INVALID_ARGUMENT; never another error', () => {
    let jobs = 0;
    fc.assert(
      fc.property(forecastRequest, fc.option(fc.tuple(fc.constantFrom('horizonBars', 'levels', 'models', 'series', 'requestId'), junk), { freq: 4 }), (req, broken) => {
        const r: Record<string, unknown> = { ...req };
        if (broken) r[broken[0]] = broken[1];
        let job;
        try {
          job = validateForecastRequest(r as ProtoForecastRequest, cfg, registry);
        } catch (err) {
          expect(err).toBeInstanceOf(StatusError);
          expect((err as StatusError).code).toBe(status.INVALID_ARGUMENT);
          expect((err as Error).message.length).toBeGreaterThan(0);
          return;
        }
        jobs++;
        expect(Number.isInteger(job.horizonBars) && job.horizonBars >= 1 && job.horizonBars <= cfg.limits.maxHorizonBars).toBe(true);
        expect(job.levels.every((l) => l > 0 && l < 1)).toBe(true);
        expect(new Set(job.levels).size).toBe(job.levels.length);
        expect(job.models.length).toBeGreaterThanOrEqual(1);
        expect(job.models.length).toBeLessThanOrEqual(cfg.limits.maxModelsPerRequest);
        expect(job.models.every((m) => registry.get(m.model.name) === m.model)).toBe(true);
        expect((job.requestId ?? '').length).toBeLessThanOrEqual(128);
        // Exactly one encoding.
        expect(job.input.kind === 'messages' ? job.input.series.length > 0 : job.input.bytes.length > 0).toBe(true);
      }),
      { seed: 21, numRuns: 3000 },
    );
    expect(jobs).toBeGreaterThan(200);
  });
});

describe('bugs the fuzz found (regressions)', () => {
  const base = { series: [{ ticker: 'A', close: [1, 2, 3] }], models: [{ name: 'random_walk' }], horizonBars: 1 };
  const invalid = (req: object) => {
    try {
      validateForecastRequest(req as ProtoForecastRequest, cfg, registry);
    } catch (err) {
      return [(err as StatusError).code, (err as Error).message];
    }
    return 'accepted';
  };

  it('a null series entry (a JS caller) is INVALID_ARGUMENT, not a TypeError', () => {
    expect(invalid({ ...base, series: [null] })).toEqual([status.INVALID_ARGUMENT, 'series: each entry must be a Series message']);
  });

  it('an ensemble without members says what to send (it said "expected array, received undefined")', () => {
    expect(invalid({ ...base, models: [{ name: 'ensemble', members: [] }] })).toEqual([
      status.INVALID_ARGUMENT,
      'models[0] (ensemble) members: an ensemble needs at least 2 member models',
    ]);
  });
});
