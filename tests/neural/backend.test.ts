import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { importPackage, NoBackendError, selectBackend, type PackageLoader } from '../../src/neural/backend.js';

/** A loader where the named packages are missing, as the tfjs-node packages are here. */
function without(...missing: string[]): PackageLoader {
  return async (pkg) => {
    if (missing.includes(pkg)) throw Object.assign(new Error(`Cannot find package '${pkg}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    return importPackage(pkg);
  };
}

describe('neural backend selection', () => {
  it('falls back from the missing tfjs-node packages to wasm, logging each failure once', async () => {
    const warn = vi.fn();
    const choice = await selectBackend(tf, ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'], without('@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'), warn);
    expect(choice.candidate).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.label).toMatch(/^tfjs-wasm/);
    expect(choice.skipped.map((s) => s.candidate)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('@tensorflow/tfjs-node-gpu');
  });

  it('falls back to cpu when wasm is missing too', async () => {
    const warn = vi.fn();
    const choice = await selectBackend(tf, ['tfjs-node', 'wasm', 'cpu'], without('@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'), warn);
    expect(choice).toMatchObject({ candidate: 'cpu', label: 'tfjs-cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('a package that loads but whose backend does not initialise is skipped too', async () => {
    // The loader "succeeds" without registering anything, so tf.setBackend('tensorflow') fails.
    const load: PackageLoader = async (pkg) => (pkg.includes('tfjs-node') ? {} : importPackage(pkg));
    const choice = await selectBackend(tf, ['tfjs-node', 'cpu'], load, () => {});
    expect(choice.candidate).toBe('cpu');
    expect(choice.skipped[0].candidate).toBe('tfjs-node');
  });

  it('names every failure when nothing loads', async () => {
    await expect(selectBackend(tf, ['tfjs-node-gpu', 'tfjs-node'], without('@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'), () => {})).rejects.toThrow(NoBackendError);
  });
});
