import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, type Config } from './schema.js';
import { packageRoot } from '../core/paths.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Tree = Record<string, unknown>;

const ENV_PREFIX = 'TENSORCAST_';

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Later layers win; objects merge key by key, arrays and scalars are replaced whole. */
function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isTree(v) && isTree(out[k]) ? merge(out[k] as Tree, v) : v;
  }
  return out;
}

/** Reads one YAML file; its `include:` list (paths relative to the file) is applied underneath it. */
function readLayer(file: string, seen: Set<string>): Tree {
  const path = resolve(file);
  if (seen.has(path)) throw new ConfigError(`config ${path}: include cycle`);
  seen.add(path);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`config ${path}: ${(err as Error).message}`);
  }
  if (doc == null) doc = {};
  if (!isTree(doc)) throw new ConfigError(`config ${path}: top level must be a mapping`);
  const { include, ...rest } = doc;
  const includes = include === undefined ? [] : Array.isArray(include) ? include : [include];
  let base: Tree = {};
  for (const inc of includes) {
    if (typeof inc !== 'string') throw new ConfigError(`config ${path}: include entries must be paths`);
    base = merge(base, readLayer(resolve(dirname(path), inc), seen));
  }
  return merge(base, rest);
}

/** TENSORCAST_SERVER__PORT=1 → { server: { port: 1 } }; values are YAML scalars ("true", "[0.9]"). */
function envLayer(env: NodeJS.ProcessEnv): Tree {
  let out: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || name === `${ENV_PREFIX}CONFIG` || raw === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).split('__').map(camelCase);
    let value: unknown = raw;
    try {
      value = parseYaml(raw);
    } catch {
      /* keep the raw string; the schema names the key if it is wrong */
    }
    const leaf: Tree = {};
    let node = leaf;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value;
      else node = node[key] = {} as Tree;
    });
    out = merge(out, leaf);
  }
  return out;
}

function camelCase(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export interface LoadOptions {
  /** Extra files, in order, over config/default.yaml. TENSORCAST_CONFIG (comma-separated) comes first. */
  files?: string[];
  env?: NodeJS.ProcessEnv;
  /** Overrides applied last (used by tests and the demo). */
  overrides?: Tree;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const envFiles = (env[`${ENV_PREFIX}CONFIG`] ?? '').split(',').filter((f) => f.trim() !== '');
  const files = [resolve(packageRoot(), 'config/default.yaml'), ...envFiles, ...(opts.files ?? [])];
  let tree: Tree = {};
  for (const f of files) tree = merge(tree, readLayer(f, new Set()));
  tree = merge(tree, envLayer(env));
  if (opts.overrides) tree = merge(tree, opts.overrides);
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = [...i.path, ...('keys' in i && Array.isArray(i.keys) ? [i.keys.join(',')] : [])].join('.');
      return `${key || '(root)'}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
