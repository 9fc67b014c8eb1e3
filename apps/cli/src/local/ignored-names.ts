/**
 * Names of temporary and system files that are never synced in either direction, modeled on the
 * exclude lists of Nextcloud and Dropbox: editor swap and backup files, office lock files,
 * partial downloads and desktop metadata. Compared case-insensitively.
 */
const EXACT = new Set([
  '.ds_store',
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '.directory',
  'icon\r',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
  '.temporaryitems',
  '.documentrevisions-v100',
]);

const PREFIXES = ['~$', '.~lock.', '._', '.goutputstream-', '.fuse_hidden', '.nfs', '.trash-'];

const SUFFIXES = ['~', '.part', '.partial', '.crdownload', '.kate-swp'];

/** Returns whether a single file or folder name is left out of the sync. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  if (EXACT.has(lower)) return true;
  if (PREFIXES.some((prefix) => lower.startsWith(prefix))) return true;
  if (SUFFIXES.some((suffix) => lower.endsWith(suffix))) return true;
  // Vim swap files (.name.swp, .swo, .swx ...), Emacs auto-save files (#name#) and Office
  // temporary files (~WRL0001.tmp).
  if (/^\..*\.sw[a-p]$/u.test(lower) || lower === '.swp') return true;
  if (lower.length > 1 && lower.startsWith('#') && lower.endsWith('#')) return true;
  return lower.startsWith('~') && lower.endsWith('.tmp');
}

/** Returns whether a relative path (`/`-separated) contains an ignored name. */
export function isIgnoredPath(path: string): boolean {
  return path.split('/').some((name) => isIgnoredName(name));
}
