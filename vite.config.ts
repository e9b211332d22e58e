import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The renderer is served from app://haven/ in Electron and from a fake origin in the e2e
 * harness, so every URL is relative (`base: './'`) and nothing is fetched from the network:
 * fonts and styles are bundled from npm packages.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron's Chromium is recent; no legacy transforms needed.
    target: 'es2023',
    // Fonts are many small unicode-range subsets; inlining them as data: URLs would bloat the CSS.
    assetsInlineLimit: 0,
  },
  server: {
    // Only ever on the loopback interface (development).
    host: '127.0.0.1',
    strictPort: true,
  },
});
