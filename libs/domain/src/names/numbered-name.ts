/**
 * Returns `stem (n).ext` for `stem.ext`, keeping the extension where file managers look for it.
 * A name that starts with its only dot, such as `.profile`, has no extension.
 */
export function numberedName(name: string, number: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem} (${number})${extension}`;
}
