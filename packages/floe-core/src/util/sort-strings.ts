/**
 * `list.sort()` in place (code-unit order), without Array#sort's scratch arrays in the
 * common cases of the compiler's hot paths: a list that is already in order (key lists of
 * objects built sorted) is returned as it is, and a short one (a node's 1–3 parents) is
 * insertion-sorted.
 */
export function sortStrings(list: string[]): string[] {
  let i = 1;
  while (i < list.length && list[i - 1]! <= list[i]!) i++;
  if (i >= list.length) return list;
  if (list.length > 16) return list.sort();
  for (; i < list.length; i++) {
    const s = list[i]!;
    let j = i;
    for (; j > 0 && list[j - 1]! > s; j--) list[j] = list[j - 1]!;
    list[j] = s;
  }
  return list;
}
