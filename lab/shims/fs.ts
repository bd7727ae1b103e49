/**
 * node:fs for the browser build: read-only access to the files bundled at build time —
 * every scenario and the reference data under config/ — at the paths they have in the
 * repository (/scenarios/x.yaml, /config/missions.yaml). The loaders run unchanged on it.
 */
const bundled = import.meta.glob(
  ['../../scenarios/*.yaml', '../../config/**/*.yaml', '../../config/**/*.jsonl'],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

const files = new Map<string, string>(
  Object.entries(bundled).map(([key, text]) => [key.replace(/^(\.\.\/)+/, '/'), text]),
);
const dirs = new Set<string>(['/']);
for (const file of files.keys()) {
  const parts = file.split('/');
  for (let i = 2; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
}

function clean(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

function notFound(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
    code: 'ENOENT',
  });
}

export function existsSync(path: string): boolean {
  const p = clean(path);
  return files.has(p) || dirs.has(p);
}

export function statSync(path: string): { isFile(): boolean; isDirectory(): boolean } {
  const p = clean(path);
  if (!files.has(p) && !dirs.has(p)) throw notFound(path);
  return { isFile: () => files.has(p), isDirectory: () => dirs.has(p) };
}

export function readFileSync(path: string): string {
  const text = files.get(clean(path));
  if (text === undefined) throw notFound(path);
  return text;
}

export function readdirSync(path: string): string[] {
  const p = clean(path);
  const prefix = p === '/' ? '/' : `${p}/`;
  const names = new Set<string>();
  for (const f of [...files.keys(), ...dirs]) {
    if (f.startsWith(prefix) && f.length > prefix.length)
      names.add(f.slice(prefix.length).split('/')[0]);
  }
  return [...names].sort();
}

/** The bundled files (the Lab's gallery lists the scenarios from here). */
export function bundledFiles(): ReadonlyMap<string, string> {
  return files;
}

function readOnly(): never {
  throw new Error('the Lab has no file system to write to');
}
export const writeFileSync = readOnly;
export const mkdirSync = readOnly;

export default { existsSync, statSync, readFileSync, readdirSync, writeFileSync, mkdirSync };
