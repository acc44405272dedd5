// Text folding for search: Vietnamese users type names with or without diacritics ("cuong loi" must find
// "Cường Lợi"), so names are stored folded beside the original and queries are folded the same way.

/** Lower case, without diacritics; đ/Đ become d (they are letters of their own, not a base plus a mark). */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
