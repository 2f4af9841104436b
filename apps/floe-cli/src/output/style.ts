const enabled = () => process.stderr.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const wrap = (open: number, close: number) => (s: string) => (enabled() ? `\u001b[${open}m${s}\u001b[${close}m` : s);

/** Minimal ANSI styling, off when not a terminal or NO_COLOR is set. */
export const paint = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};
