/**
 * The part of node:path the scenario and reference-data loaders use, for the browser
 * build (POSIX semantics, over the in-memory files of ./fs.ts).
 */
export const sep = '/';

function normalizeParts(parts: string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (!p || p === '.') continue;
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(p);
  }
  return out;
}

export function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const body = normalizeParts(path.split('/'), absolute).join('/');
  return absolute ? `/${body}` : body || '.';
}

export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !path.startsWith('/'); i--) {
    path = path ? `${parts[i]}/${path}` : parts[i];
  }
  if (!path.startsWith('/')) path = `/${path}`;
  return normalize(path);
}

export function dirname(path: string): string {
  const n = normalize(path);
  const i = n.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : n.slice(0, i);
}

export function basename(path: string, ext?: string): string {
  const n = normalize(path);
  const base = n.slice(n.lastIndexOf('/') + 1);
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export default { sep, normalize, join, resolve, dirname, basename, relative, isAbsolute };
