// The dev stack's own error: a message plus a hint saying what to do. The
// floe CLI maps it to FLOE_CONNECTION_FAILED (exit 3) when it calls up().
export class StackError extends Error {
  /** @param {string} message @param {string} [hint] */
  constructor(message, hint) {
    super(message);
    this.name = 'StackError';
    this.hint = hint;
  }
}
