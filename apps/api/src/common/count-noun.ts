/** Formats a count with its noun in the matching number, such as "1 chunk" or "3 chunks". */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
