/**
 * Returns how deeply arrays and objects nest in JSON text: 0 for a scalar, 1 for `[]` or `{}`.
 * It scans the text once with a counter instead of recursing, so any depth is safe to measure,
 * and it ignores brackets inside strings. Malformed text gets a number too, and the parser that
 * runs afterwards rejects it.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let maxDepth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return maxDepth;
}
