import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { parse } from 'yaml';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const CATALOGUE_ID = 'virtual:lab-catalogue';

/** A scenario's `translations.tr` (the loader checks it: here it is only read). */
function turkish(
  translations: unknown,
): { title: string; description: string; question?: string } | undefined {
  const tr = (translations as { tr?: Record<string, unknown> } | undefined)?.tr;
  if (typeof tr?.title !== 'string' || typeof tr.description !== 'string') return undefined;
  return {
    title: tr.title,
    description: tr.description.trim(),
    ...(typeof tr.question === 'string' && { question: tr.question.trim() }),
  };
}

/**
 * The gallery's list (each scenario's name, title, description and question, as written in its file),
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
            ...(typeof doc.question === 'string' && { question: doc.question.trim() }),
            // Not inherited through extends (as the loader reads it): each file's own, or none.
            tr: turkish(doc.translations),
          };
        });
      return `export default ${JSON.stringify(entries)};`;
    },
  };
}

const ANSWERS_ID = 'virtual:hizir-answers';

/**
 * `deflection: measured` (paper-hizir and the scenarios extending it) is the share of the test
 * questions the real Hızır engine answers without a hand-off. The engine's trained model is
 * 2.8 MB of weights, too heavy for the page, so the build asks the engine (the compiled CLI's)
 * for its answer to each of those questions and the browser's stand-in replays them: the same
 * measurement, so the same numbers as the CLI.
 */
function hizirAnswers(): Plugin {
  return {
    name: 'lab-hizir-answers',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === ANSWERS_ID) return `\0${ANSWERS_ID}`;
      if (
        source === './hizir.engine' &&
        importer?.replace(/\\/g, '/').endsWith('/src/hizir/hizir-load.model.ts')
      )
        return here('./shims/hizir-engine.ts');
      return undefined;
    },
    load(id) {
      if (id !== `\0${ANSWERS_ID}`) return undefined;
      const compiled = here('../dist/hizir/hizir.engine.js');
      if (!existsSync(compiled))
        this.error(
          'the Lab records Hızır’s answers with the compiled engine: run npm run build first',
        );
      const { HizirEngine } = createRequire(import.meta.url)(compiled) as {
        HizirEngine: { fromConfig(dir: string): { answer(text: string): { handoff: boolean } } };
      };
      const engine = HizirEngine.fromConfig(here('../config'));
      const file = here('../config/hizir/questions/test.jsonl');
      this.addWatchFile(file);
      const handoff: Record<string, boolean> = {};
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const q = JSON.parse(line) as { text: string; outOfScope?: boolean };
        if (!q.outOfScope) handoff[q.text] = engine.answer(q.text).handoff;
      }
      return `export default ${JSON.stringify(handoff)};`;
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
      'node:crypto': here('./shims/node-stub.ts'),
    },
  },
  define: {
    // The shared code finds config/ and scenarios/ two levels above its own folder.
    __dirname: JSON.stringify('/src/lab'),
  },
  // Worker bundles are built with their own plugins.
  worker: { format: 'es', plugins: () => [hizirAnswers()] },
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
