import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The Lab: a static site (dist/lab) whose Web Workers run the simulator itself. node:fs and
 * node:path are replaced by an in-memory copy of scenarios/ and config/ taken at build time,
 * so the CLI's loaders, models and kernel run unchanged in the browser.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  resolve: {
    alias: {
      'node:fs': here('./shims/fs.ts'),
      fs: here('./shims/fs.ts'),
      'node:path': here('./shims/path.ts'),
      path: here('./shims/path.ts'),
      'node:os': here('./shims/node-stub.ts'),
      'node:worker_threads': here('./shims/node-stub.ts'),
    },
  },
  define: {
    // The shared code finds config/ and scenarios/ two levels above its own folder.
    __dirname: JSON.stringify('/src/lab'),
  },
  worker: { format: 'es' },
  build: {
    outDir: here('../dist/lab'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
  server: { fs: { allow: [here('..')] } },
});
