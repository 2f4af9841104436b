/** A Python str literal. JSON string escapes (\n, \", \\, \uXXXX) are valid Python escapes. */
export function pyStr(value: string): string {
  return JSON.stringify(value);
}

export function pyList(values: readonly string[]): string {
  return `[${values.map(pyStr).join(', ')}]`;
}

export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}
