/**
 * Words of a text as the search vocabulary and queries see them: lower case, letters and digits
 * only, at least two characters. Shared by indexing and querying so both split text alike.
 */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 40);
}
