import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerEntry } from '../kernel/syncWorker';

/**
 * Where the bundles' helper thread starts. From the sources (tsx, vitest): worker.ts, compiled by
 * tsx in the thread. The build (build/scripts/build.mjs) puts this module's built twin in its
 * place, which starts `bundle-worker.cjs` from beside the built file.
 */
export function bundleWorkerEntry(): WorkerEntry {
  const entry = new URL('./worker.ts', import.meta.url).href;
  // tsx's ESM API (its CommonJS twin cannot be import()ed from a worker).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return { filename: boot, options: { eval: true } };
}
