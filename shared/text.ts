/** Text folded for tolerant comparison: no accents, lower case, one kind of apostrophe, single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}
