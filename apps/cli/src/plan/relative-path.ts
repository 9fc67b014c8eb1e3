/**
 * Helpers for paths relative to the synced folder: `/`-separated, no leading slash, and `''` for
 * the synced folder itself.
 */

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

export function depthOf(path: string): number {
  let depth = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) depth++;
  return depth;
}

/** Returns whether `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Rewrites `path` from below `from` to below `to`; `path` must be within `from`. */
export function rebase(path: string, from: string, to: string): string {
  return path === from ? to : joinPath(to, path.slice(from.length + 1));
}

/** Moves every key within `from` to the same place within `to`, in place. */
export function rebaseKeys<T>(map: Map<string, T>, from: string, to: string): void {
  const moved: [string, T][] = [];
  for (const [key, value] of map) {
    if (isWithin(key, from)) moved.push([rebase(key, from, to), value]);
  }
  for (const [key] of map) if (isWithin(key, from)) map.delete(key);
  for (const [key, value] of moved) map.set(key, value);
}
