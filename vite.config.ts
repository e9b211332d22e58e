import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * @fontsource CSS lists a .woff fallback beside every .woff2 subset. Chromium always takes the
 * .woff2, so the fallback would only double the bundle (hundreds of CJK subsets): drop it.
 */
function woff2Only(): Plugin {
  return {
    name: 'haven-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, ''), map: null };
    },
  };
}

/**
 * The renderer is served from app://haven/ in Electron and from a fake origin in the e2e
 * harness, so every URL is relative (`base: './'`) and nothing is fetched from the network:
 * fonts and styles are bundled from npm packages.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [woff2Only(), react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron's Chromium is recent; no legacy transforms needed.
    target: 'es2023',
    // Fonts are many small unicode-range subsets; inlining them as data: URLs would bloat the CSS.
    assetsInlineLimit: 0,
    // Loaded from the local disk, not a network: one bundle is fine.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    // Only ever on the loopback interface (development).
    host: '127.0.0.1',
    strictPort: true,
  },
});
