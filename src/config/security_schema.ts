import { z } from 'zod';

const positiveInt = z.number().int().positive();
const path = z.string().min(1).nullable();

/** Per-key policy (non-secret): which methods the key may call, when it expires, its rate limit. */
const keyPolicy = z
  .object({
    /** Method names ("Forecast") or full paths ("tensorcast.v1.ForecastService/Forecast"); absent: all. */
    methods: z.array(z.string().min(1)).min(1).optional(),
    /** ISO-8601 instant after which the key is refused with UNAUTHENTICATED. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    ratePerSecond: z.number().positive().optional(),
    burst: positiveInt.optional(),
  })
  .strict();

const tls = z
  .object({
    certPath: path,
    keyPath: path,
    /** CA bundle that client certificates must chain to; null: clients are not asked for one. */
    caPath: path,
    requireClientCert: z.boolean(),
    /** How often grpc-js's FileWatcherCertificateProvider re-reads the three files. */
    reloadIntervalMs: positiveInt,
  })
  .strict()
  .refine((t) => (t.certPath === null) === (t.keyPath === null), { message: 'certPath and keyPath must be set together', path: ['certPath'] })
  .refine((t) => !t.requireClientCert || t.caPath !== null, { message: 'requireClientCert needs caPath', path: ['requireClientCert'] });

const apiKeys = z
  .object({
    enabled: z.boolean(),
    /** A YAML/JSON file mapping key id -> key, or a directory with one file per key id (file content = key). */
    path,
    /** After a key's value changes, the old value keeps working this long. */
    rotationOverlapMs: z.number().int().min(0),
    /** Stat fallback for fs.watch (which misses some changes, e.g. on network file systems). */
    reloadIntervalMs: positiveInt,
    defaultRatePerSecond: z.number().positive(),
    defaultBurst: positiveInt,
    policies: z.record(z.string().min(1), keyPolicy),
  })
  .strict()
  .refine((k) => !k.enabled || k.path !== null, { message: 'apiKeys.enabled needs apiKeys.path', path: ['path'] });

const audit = z
  .object({
    enabled: z.boolean(),
    path,
    fsync: z.enum(['always', 'interval', 'never']),
    fsyncIntervalMs: positiveInt,
    /** failClosed: refuse calls while the log cannot be written; buffer: hold records in memory, refuse when full. */
    onWriteFailure: z.enum(['failClosed', 'buffer']),
    maxBufferedRecords: positiveInt,
    retryIntervalMs: positiveInt,
    /** A checkpoint record (count + head hash, also logged) every this many records, and one at shutdown. */
    checkpointEveryRecords: positiveInt,
    /** Record HMAC-SHA256(key, ticker) instead of tickers; the key is read from anonymiseKeyPath. */
    anonymise: z.boolean(),
    anonymiseKeyPath: path,
    /** TESTING AID: every audit write fails with EIO, so the failure policies can be exercised. */
    failWrites: z.boolean(),
  })
  .strict()
  .refine((a) => !a.enabled || a.path !== null, { message: 'audit.enabled needs audit.path', path: ['path'] })
  .refine((a) => !a.anonymise || a.anonymiseKeyPath !== null, { message: 'audit.anonymise needs audit.anonymiseKeyPath', path: ['anonymiseKeyPath'] });

/** Transport security, API keys and the audit trail (docs/security.md). */
export const securitySchema = z
  .object({
    /** Must be true to serve without TLS; a warning is logged at start-up. */
    plaintext: z.boolean(),
    tls,
    apiKeys,
    audit,
  })
  .strict()
  .refine((s) => s.plaintext === (s.tls.certPath === null), {
    message: 'set either security.plaintext: true or security.tls.certPath/keyPath (not both, not neither)',
    path: ['plaintext'],
  });

export type SecurityConfig = z.infer<typeof securitySchema>;
export type KeyPolicy = z.infer<typeof keyPolicy>;
