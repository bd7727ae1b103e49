import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { parse } from 'yaml';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const CATALOGUE_ID = 'virtual:lab-catalogue';

/**
 * The gallery's list (each scenario's name, title and description, as written in its file),
 * computed at build time so the page shows it before the simulation worker has started. The
 * worker, running the real loader, stays the judge of everything else.
 */
function catalogue(): Plugin {
  const dir = here('../scenarios');
  return {
    name: 'lab-catalogue',
    resolveId: (id) => (id === CATALOGUE_ID ? `\0${CATALOGUE_ID}` : undefined),
    load(id) {
      if (id !== `\0${CATALOGUE_ID}`) return undefined;
      const entries = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => {
          this.addWatchFile(`${dir}/${f}`);
          const doc = (parse(readFileSync(`${dir}/${f}`, 'utf8')) ?? {}) as Record<string, unknown>;
          const name = typeof doc.name === 'string' ? doc.name : f.replace(/\.yaml$/, '');
          return {
            file: `scenarios/${f}`,
            name,
            title: typeof doc.title === 'string' ? doc.title : name,
            description: typeof doc.description === 'string' ? doc.description.trim() : '',
          };
        });
      return `export default ${JSON.stringify(entries)};`;
    },
  };
}

/**
 * The Lab: a static site (dist/lab) whose Web Workers run the simulator itself. node:fs and
 * node:path are replaced by an in-memory copy of scenarios/ and config/ taken at build time,
 * so the CLI's loaders, models and kernel run unchanged in the browser.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  plugins: [catalogue()],
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
