// Builds the app into dist/: the renderer with Vite (dist/renderer), the main process, the core's
// worker and the preload with esbuild (dist/electron/{main,core-worker,preload}.cjs).
//   node build/scripts/build.mjs                everything
//   node build/scripts/build.mjs --no-electron  the renderer and the core's worker only (what the
//                                               e2e tests and the benchmark run; no Electron needed)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fail, fromRoot, isEntryPoint, root, step } from './common.mjs';

const MAIN_ENTRY = fromRoot('electron', 'main', 'index.ts');
const WORKER_ENTRY = fromRoot('electron', 'core', 'host', 'worker.ts');
const BUNDLE_WORKER_ENTRY = fromRoot('electron', 'core', 'bundles', 'worker.ts');
const BUNDLE_WORKER_LOCATOR = fromRoot('electron', 'core', 'bundles', 'workerEntry.ts');
const BUNDLE_WORKER_FILE = 'bundle-worker.cjs';
const CLI_ENTRY = fromRoot('electron', 'cli', 'index.ts');
const PRELOAD_ENTRY = fromRoot('electron', 'preload', 'index.ts');
const CONTRACT = fromRoot('shared', 'ipc', 'contract.ts');
const OUT_DIR = fromRoot('dist', 'electron');
const RENDERER_OUT = fromRoot('dist', 'renderer');

export async function buildRenderer() {
  const configFile = fromRoot('vite.config.ts');
  if (!existsSync(configFile)) fail('vite.config.ts is missing: the renderer cannot be built.');
  step('renderer (vite build)');
  const { build } = await import('vite');
  try {
    await build({ configFile, mode: 'production', logLevel: 'warn' });
  } catch (error) {
    fail('The renderer build failed (vite).', error);
  }
  if (!existsSync(path.join(RENDERER_OUT, 'index.html'))) {
    fail(`The renderer build produced no ${path.relative(root, RENDERER_OUT)}/index.html; check build.outDir in vite.config.ts.`);
  }
}

/** Main process: Node (Electron's), CommonJS; electron and the native module stay require()s. */
export async function buildMain() {
  step('main process (esbuild)');
  const esbuild = await import('esbuild');
  await runEsbuild(esbuild, {
    entryPoints: [MAIN_ENTRY],
    outfile: path.join(OUT_DIR, 'main.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
  });
}

/**
 * The core's worker thread (electron/core/host): plain Node, CommonJS, the native module a
 * require(). The main process starts it from beside main.cjs; the e2e harness and the benchmark
 * start the same file, so tests run the arrangement users get.
 */
export async function buildCoreWorker() {
  step('core worker (esbuild)');
  const esbuild = await import('esbuild');
  const result = await runEsbuild(esbuild, {
    entryPoints: [WORKER_ENTRY],
    outfile: path.join(OUT_DIR, 'core-worker.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers'],
    plugins: [bundleWorkerPlugin('cjs')],
  });
  await buildBundleWorker(OUT_DIR);
  const electronInside = Object.keys(result.metafile.inputs).filter((input) => input.includes('electron/main') || input.includes('node_modules/electron/'));
  if (electronInside.length > 0) fail(`The core worker must not bundle Electron code, but it includes:\n  ${electronInside.join('\n  ')}`);
}

/**
 * The bundles' helper thread (electron/core/bundles/worker.ts: a bundle's compression, parsing and
 * checks beside the core's SQL), built beside each file that starts it: the core worker and the
 * command line. No database, no Electron.
 */
async function buildBundleWorker(outDir) {
  const esbuild = await import('esbuild');
  const result = await runEsbuild(esbuild, {
    entryPoints: [BUNDLE_WORKER_ENTRY],
    outfile: path.join(outDir, BUNDLE_WORKER_FILE),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'electron'],
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((it) => it.path));
  const native = imports.filter((it) => it === 'better-sqlite3-multiple-ciphers' || it === 'electron');
  if (native.length > 0) fail(`The bundles' helper thread must not load ${native.join(', ')}.`);
}

/**
 * The sources find the helper's entry through tsx (bundles/workerEntry.ts); a built file finds
 * bundle-worker.cjs beside itself: through __dirname (CommonJS) or import.meta.url (the ESM CLI).
 */
function bundleWorkerPlugin(format) {
  const locator = BUNDLE_WORKER_LOCATOR.replace(/\.ts$/, '');
  const contents =
    format === 'esm'
      ? `import { fileURLToPath } from 'node:url';\nexport function bundleWorkerEntry() { return { filename: fileURLToPath(new URL('./${BUNDLE_WORKER_FILE}', import.meta.url)) }; }\n`
      : `import path from 'node:path';\nexport function bundleWorkerEntry() { return { filename: path.join(__dirname, '${BUNDLE_WORKER_FILE}') }; }\n`;
  return {
    name: 'haven-bundle-worker',
    setup(build) {
      build.onResolve({ filter: /[\\/]workerEntry(\.ts)?$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        return resolved === locator ? { path: 'bundle-worker-entry', namespace: 'haven-bundle-worker' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'haven-bundle-worker' }, () => ({ loader: 'js', contents, resolveDir: root }));
    },
  };
}

/**
 * The `haven` command line as one file (dist/cli/haven.mjs), as it would be installed: what the
 * benchmark times as whole commands, without `tsx` compiling the sources at every start.
 */
export async function buildCli() {
  step('command line (esbuild)');
  const esbuild = await import('esbuild');
  await runEsbuild(esbuild, {
    entryPoints: [CLI_ENTRY],
    outfile: fromRoot('dist', 'cli', 'haven.mjs'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'electron'],
    plugins: [bundleWorkerPlugin('esm')],
    // Bundled CommonJS libraries still call require() for Node's own modules.
    banner: { js: "import { createRequire as __havenRequire } from 'node:module'; const require = __havenRequire(import.meta.url);" },
  });
  await buildBundleWorker(fromRoot('dist', 'cli'));
}

/**
 * Preload: sandboxed, so one self-contained CommonJS file whose only require is 'electron'.
 * The contract module is swapped for the bare list of its channel names (read from the real
 * contract at build time), keeping zod and the schemas out of the page's process.
 */
export async function buildPreload() {
  step('preload (esbuild)');
  const esbuild = await import('esbuild');
  const names = await loadChannelNames(esbuild);
  const result = await runEsbuild(esbuild, {
    entryPoints: [PRELOAD_ENTRY],
    outfile: path.join(OUT_DIR, 'preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
    plugins: [channelListPlugin(names)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((input) => input.includes('node_modules') || input.includes('electron/core'));
  if (foreign.length > 0) {
    fail(`The preload must not bundle libraries or core code, but it includes:\n  ${foreign.join('\n  ')}`);
  }
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((it) => it.path));
  const unexpected = imports.filter((it) => it !== 'electron');
  if (unexpected.length > 0) fail(`The preload may only require 'electron', but requires: ${unexpected.join(', ')}`);
}

/**
 * The demo's code as the benchmark's cache key has it (electron/core/bench/run.ts `demoHash`, the
 * same sum from the sources): a bundled file has no demo folder to read, so the build writes the
 * sum in, and a rebuild that leaves the demo alone keeps its cached databases. A unit test
 * compares the two. Taken once per build, whatever the number of bundles.
 */
let demoHashOnce;

export function demoSourceHash() {
  if (demoHashOnce) return demoHashOnce;
  const dir = fromRoot('electron', 'core', 'demo');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  demoHashOnce = hash.digest('hex').slice(0, 12);
  return demoHashOnce;
}

async function runEsbuild(esbuild, options) {
  try {
    return await esbuild.build({
      bundle: true,
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
      absWorkingDir: root,
      legalComments: 'none',
      define: { __HAVEN_DEMO_HASH__: JSON.stringify(demoSourceHash()) },
      ...options,
    });
  } catch {
    // esbuild has already printed the errors with file and line.
    fail(`esbuild failed for ${path.relative(root, options.entryPoints[0])}.`);
  }
}

/** Evaluates shared/ipc/contract.ts (bundled in memory) and returns its channel names. */
async function loadChannelNames(esbuild) {
  let names;
  try {
    const result = await esbuild.build({
      entryPoints: [CONTRACT],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      absWorkingDir: root,
    });
    const code = result.outputFiles[0].text;
    const contract = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
    names = contract.channelNames;
  } catch (error) {
    fail('Could not read the channel names from shared/ipc/contract.ts.', error);
  }
  const valid = Array.isArray(names) && names.length > 0 && names.every((it) => typeof it === 'string' && /^[a-z][A-Za-z]*:[a-z][A-Za-z]*$/.test(it));
  if (!valid) fail(`shared/ipc/contract.ts exports no usable channelNames (got ${JSON.stringify(names)}).`);
  return names;
}

function channelListPlugin(names) {
  const contractWithoutExt = CONTRACT.replace(/\.ts$/, '');
  return {
    name: 'haven-channel-list',
    setup(build) {
      build.onResolve({ filter: /[\\/]ipc[\\/]contract(\.ts)?$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        return resolved === contractWithoutExt ? { path: 'channel-list', namespace: 'haven-channels' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'haven-channels' }, () => ({
        loader: 'js',
        contents: [
          '// Generated from shared/ipc/contract.ts by build/scripts/build.mjs.',
          `const names = Object.freeze(${JSON.stringify(names)});`,
          'const known = new Set(names);',
          'export const channelNames = names;',
          "export function isChannelName(value) { return typeof value === 'string' && known.has(value); }",
        ].join('\n'),
      }));
    },
  };
}

export async function buildAll({ noElectron = false } = {}) {
  await buildRenderer();
  if (noElectron) {
    await buildCoreWorker();
    await buildCli();
    return;
  }
  rmSync(OUT_DIR, { recursive: true, force: true });
  await buildMain();
  await buildCoreWorker();
  await buildCli();
  await buildPreload();
}

if (isEntryPoint(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--no-electron');
  if (unknown.length > 0) fail(`Unknown option(s): ${unknown.join(' ')}\nUsage: node build/scripts/build.mjs [--no-electron]`);
  const started = Date.now();
  try {
    await buildAll({ noElectron: args.includes('--no-electron') });
  } catch (error) {
    fail('The build failed.', error);
  }
  console.log(`✔ built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
