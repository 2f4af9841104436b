/**
 * Removes secret values from text before it leaves the target (error
 * messages, logs). Values shorter than 6 characters are ignored so common
 * words are never masked; multi-line values also mask each long line.
 */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (!value) return;
    const add = (v: string) => {
      const t = v.trim();
      if (t.length >= 6) this.values.add(t);
    };
    add(value);
    for (const line of value.split(/\r?\n/)) add(line);
    // A private key as it appears JSON-escaped inside a message.
    if (value.includes('\n')) add(value.replace(/\n/g, '\\n'));
  }

  redact(text: string): string {
    let out = text;
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(v).join('[redacted]');
    return out;
  }
}
