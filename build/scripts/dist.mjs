// `npm run dist`: installers for the platform this runs on (each is made with that platform's
// own tools): Windows nsis, Linux AppImage and deb, macOS dmg.
//   node build/scripts/dist.mjs [--x64|--arm64] [--dir]
//   --x64, --arm64  the architecture (default: this Node's); the package and the database
//                   driver's addon inside it are always built for the same one
//   --dir  an unpacked app folder only (quick check, no installer)
import { buildAll } from './build.mjs';
import { ARCHS, createConfig } from '../electron-builder.config.mjs';
import { electronVersion, fail, step } from './common.mjs';
import { prebuiltAddon } from './driver.mjs';

const HOST_FLAGS = { win32: '--win', linux: '--linux', darwin: '--mac' };

function parseArgs(argv) {
  const options = { arch: process.arch, dirOnly: false };
  for (const arg of argv) {
    if (arg === '--dir') options.dirOnly = true;
    else if (ARCHS.includes(arg.slice(2)) && arg.startsWith('--')) options.arch = arg.slice(2);
    else if (Object.values(HOST_FLAGS).includes(arg)) {
      if (arg !== HOST_FLAGS[process.platform]) {
        fail(`${arg}: installers can only be built on their own platform (electron-builder needs its tools). Run this on that OS.`);
      }
    } else fail(`Unknown option: ${arg}\nUsage: node build/scripts/dist.mjs [--x64|--arm64] [--dir]`);
  }
  if (!ARCHS.includes(options.arch)) fail(`Unsupported architecture: ${options.arch}`);
  return options;
}

const options = parseArgs(process.argv.slice(2));
const version = electronVersion();

try {
  await buildAll();
} catch (error) {
  fail('The build failed.', error);
}
// One architecture, named once: it picks the addon, the config's targets and the CLI target.
const { arch } = options;
const nativeBinding = prebuiltAddon(process.platform, arch);

step(`packaging with electron-builder (Electron ${version}, ${process.platform}-${arch})`);
const { build, Platform, Arch } = await import('electron-builder');
const config = createConfig({ electronVersion: version, nativeBinding, arch });
try {
  const artifacts = await build({
    targets: Platform.current().createTarget(options.dirOnly ? ['dir'] : null, Arch[arch]),
    config,
    publish: 'never',
  });
  for (const artifact of artifacts) console.log(`✔ ${artifact}`);
} catch (error) {
  fail('Packaging failed (electron-builder). It downloads the Electron runtime once, so it needs network access or a filled electron cache.', error);
}
