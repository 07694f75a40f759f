// The file piscina loads in each worker thread. Piscina loads it with require() first, and Node 20's
// require() of an ES module can abort the whole process ("IsGraphAsync must be used on an
// instantiated module") when two tasks race to load the same module graph. A CommonJS entry that
// reaches the ES worker through import() avoids that path entirely.
import type { WorkerTask } from './task.js';

type Handler = (task: WorkerTask) => unknown;
let handler: Promise<Handler> | undefined;

async function preprocessEntry(task: WorkerTask): Promise<unknown> {
  handler ??= import('./worker.js').then((m) => m.default);
  return (await handler)(task);
}

export = preprocessEntry;
