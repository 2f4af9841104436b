import type { Diagnostic } from './diagnostic';
import { exitCodeFor, type FloeErrorCode } from './error-codes';

const BRAND = Symbol.for('floe.error');

/** Diagnostics, cause and hint of a {@link FloeError}. */
export interface FloeErrorOptions {
  diagnostics?: Diagnostic[];
  cause?: unknown;
  hint?: string;
}

/**
 * The one error type Floe throws. It carries a stable code, the diagnostics
 * collected before failing, and the cause. Checked by brand (`isFloeError`),
 * never by `instanceof`, so two installed copies of floe-core interoperate.
 */
export class FloeError extends Error {
  readonly [BRAND] = true;
  readonly code: FloeErrorCode;
  readonly diagnostics: Diagnostic[];
  readonly hint: string | undefined;

  constructor(code: FloeErrorCode, message: string, options: FloeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FloeError';
    this.code = code;
    this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [{ code, severity: 'error', message, ...(options.hint ? { hint: options.hint } : {}) }];
  }

  get exitCode(): 1 | 2 | 3 {
    return exitCodeFor(this.code);
  }

  /** Builds one error from collected diagnostics; the first error's code becomes the error's code. */
  static fromDiagnostics(diagnostics: Diagnostic[], fallback: FloeErrorCode = 'FLOE_CONFIG_INVALID'): FloeError {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const code = first?.code ?? fallback;
    const message = errors.length === 1 && first ? first.message : `${errors.length} problems found`;
    return new FloeError(code, message, { diagnostics });
  }
}

/** True for a {@link FloeError}, checked by brand so two installed copies interoperate. */
export function isFloeError(value: unknown): value is FloeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
