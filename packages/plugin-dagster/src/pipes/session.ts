import { FloeError } from '@floe/core';
import { loadContext, openMessageChannel, processStdio, type PipesMessageChannel, type PipesStdio } from './channels';
import { normalizeMetadata, type PipesMetadataMap } from './metadata';
import { decodePipesParam } from './params';
import {
  DAGSTER_PIPES_CONTEXT_ENV_VAR,
  DAGSTER_PIPES_MESSAGES_ENV_VAR,
  PIPES_PROTOCOL_VERSION,
  type PipesAssetCheckSeverity,
  type PipesContextData,
  type PipesException,
  type PipesLogLevel,
  type PipesMethod,
} from './protocol';
import { toPipesJson } from './serialize';

export interface ReportMaterializationOptions {
  /** Escaped asset key; may be omitted when the step targets exactly one asset. */
  assetKey?: string;
  metadata?: PipesMetadataMap;
  dataVersion?: string;
}

export interface ReportCheckOptions {
  assetKey?: string;
  checkName: string;
  passed: boolean;
  /** Default ERROR. */
  severity?: PipesAssetCheckSeverity;
  metadata?: PipesMetadataMap;
}

export interface OpenPipesSessionOptions {
  /** Stream writers for `stdio` message params; default: the process's fds 1 and 2. */
  stdio?: PipesStdio;
  /** Sent in the `opened` message's extras. */
  openedExtras?: Record<string, unknown>;
}

/** The external side of one Dagster Pipes session. */
export interface PipesSession {
  readonly context: PipesContextData;
  readonly closed: boolean;
  reportMaterialization(options?: ReportMaterializationOptions): void;
  reportCheck(options: ReportCheckOptions): void;
  log(level: PipesLogLevel, message: string): void;
  reportCustomMessage(payload: unknown): void;
  /** Sends `closed` (with the error, if any) and flushes. Idempotent. */
  close(error?: unknown): void;
}

function pipesError(message: string): FloeError {
  return new FloeError('FLOE_PIPES_INVALID', message);
}

/**
 * Opens a session when the process was launched by Dagster Pipes
 * (DAGSTER_PIPES_CONTEXT is set); returns undefined otherwise, so callers can
 * write `openPipesSession()?.reportMaterialization(...)`.
 */
export function openPipesSession(
  env: NodeJS.ProcessEnv = process.env,
  options: OpenPipesSessionOptions = {},
): PipesSession | undefined {
  const contextParam = env[DAGSTER_PIPES_CONTEXT_ENV_VAR];
  if (!contextParam) return undefined;
  const messagesParam = env[DAGSTER_PIPES_MESSAGES_ENV_VAR];
  if (!messagesParam) throw pipesError(`${DAGSTER_PIPES_CONTEXT_ENV_VAR} is set but ${DAGSTER_PIPES_MESSAGES_ENV_VAR} is not`);
  const decode = (name: string, value: string): unknown => {
    try {
      return decodePipesParam(value);
    } catch (cause) {
      throw new FloeError('FLOE_PIPES_INVALID', `${name} is not base64 of zlib-compressed JSON`, { cause });
    }
  };
  const context = loadContext(decode(DAGSTER_PIPES_CONTEXT_ENV_VAR, contextParam));
  const channel = openMessageChannel(decode(DAGSTER_PIPES_MESSAGES_ENV_VAR, messagesParam), options.stdio ?? processStdio);
  return new Session(context, channel, options.openedExtras ?? {});
}

class Session implements PipesSession {
  private isClosed = false;
  private readonly materialized = new Set<string>();

  constructor(
    readonly context: PipesContextData,
    private readonly channel: PipesMessageChannel,
    openedExtras: Record<string, unknown>,
  ) {
    this.send('opened', { extras: openedExtras });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  reportMaterialization(options: ReportMaterializationOptions = {}): void {
    const assetKey = this.resolveAssetKey(options.assetKey, 'reportMaterialization');
    if (this.materialized.has(assetKey)) {
      throw pipesError(`asset ${assetKey} was already reported as materialized in this step`);
    }
    this.send('report_asset_materialization', {
      asset_key: assetKey,
      data_version: options.dataVersion ?? null,
      metadata: normalizeMetadata(options.metadata),
    });
    this.materialized.add(assetKey);
  }

  reportCheck(options: ReportCheckOptions): void {
    const assetKey = this.resolveAssetKey(options.assetKey, 'reportCheck');
    const severity = options.severity ?? 'ERROR';
    if (severity !== 'ERROR' && severity !== 'WARN') throw pipesError(`check severity must be ERROR or WARN, got ${String(severity)}`);
    if (!options.checkName) throw pipesError('reportCheck needs a checkName');
    this.send('report_asset_check', {
      asset_key: assetKey,
      check_name: options.checkName,
      passed: options.passed === true,
      metadata: normalizeMetadata(options.metadata),
      severity,
    });
  }

  log(level: PipesLogLevel, message: string): void {
    this.send('log', { message, level });
  }

  reportCustomMessage(payload: unknown): void {
    this.send('report_custom_message', { payload });
  }

  close(error?: unknown): void {
    if (this.isClosed) return;
    this.send('closed', error === undefined ? {} : { exception: toPipesException(error) });
    this.isClosed = true;
    this.channel.close();
  }

  /** Same rules as dagster_pipes: the key must be one Dagster selected; omitted only for a single-asset step. */
  private resolveAssetKey(assetKey: string | undefined, method: string): string {
    const defined = this.context.asset_keys;
    if (defined && defined.length) {
      if (assetKey !== undefined && !defined.includes(assetKey)) {
        throw pipesError(`${method}: asset key ${assetKey} is not selected in this step; expected one of ${defined.join(', ')}`);
      }
      if (assetKey === undefined) {
        if (defined.length !== 1) throw pipesError(`${method} needs an assetKey: this step targets ${defined.length} assets`);
        return defined[0] as string;
      }
      return assetKey;
    }
    if (!assetKey) throw pipesError(`${method} needs an assetKey: this step targets no specific asset`);
    return assetKey;
  }

  private send(method: PipesMethod, params: Record<string, unknown> | null): void {
    if (this.isClosed) throw pipesError(`cannot send ${method}: the Pipes session is closed`);
    this.channel.write(toPipesJson({ __dagster_pipes_version: PIPES_PROTOCOL_VERSION, method, params }));
  }
}

/** An Error (with its cause chain) as the `closed` message's exception payload. */
export function toPipesException(error: unknown, depth = 0): PipesException {
  if (!(error instanceof Error)) {
    return { message: String(error), stack: [], name: null, cause: null, context: null };
  }
  const stack = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `${line}\n`);
  const cause = (error as Error & { cause?: unknown }).cause;
  return {
    message: error.message,
    stack,
    name: error.name || null,
    // Bounded: cause chains deeper than 8 are cut off.
    cause: cause !== undefined && depth < 8 ? toPipesException(cause, depth + 1) : null,
    context: null,
  };
}
