/**
 * Builds the name of a conflict copy, such as `report (conflicted copy 2026-12-04 153012 alice).txt`,
 * so that a person sees which file it came from, when and from whom.
 */
export function conflictCopyName(
  original: string,
  at: Date,
  actorName: string,
  attempt = 1,
): string {
  const dot = original.lastIndexOf('.');
  const hasExtension = dot > 0;
  const stem = hasExtension ? original.slice(0, dot) : original;
  const extension = hasExtension ? original.slice(dot) : '';
  const iso = at.toISOString();
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 19).replaceAll(':', '')}`;
  // eslint-disable-next-line no-control-regex -- control characters are what it rejects
  const safeActor = actorName.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/gu, '_').slice(0, 40);
  const suffix = attempt > 1 ? ` ${attempt}` : '';
  return `${stem} (conflicted copy ${stamp} ${safeActor}${suffix})${extension}`;
}

/** Builds the name of an item restored where its name is taken, such as `a (restored 2026-12-04).txt`. */
export function restoredName(original: string, at: Date): string {
  const dot = original.lastIndexOf('.');
  const hasExtension = dot > 0;
  const stem = hasExtension ? original.slice(0, dot) : original;
  const extension = hasExtension ? original.slice(dot) : '';
  const iso = at.toISOString();
  return `${stem} (restored ${iso.slice(0, 10)} ${iso.slice(11, 19).replaceAll(':', '')})${extension}`;
}
