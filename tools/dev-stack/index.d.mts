// Types for index.mjs, so TypeScript callers (floe CLI, e2e tests) can import it.

export interface UpOptions {
  /** Start only one part of the stack. */
  only?: 'kafka' | 'flink';
  /** Project folder; state goes to <workDir>/target/dev. Defaults to the current directory. */
  workDir?: string;
  /** SQL Gateway session idle timeout, a Flink duration such as '5s' or '10min'. Env FLOE_DEV_GATEWAY_IDLE_TIMEOUT; default 10min. */
  gatewayIdleTimeout?: string;
  /** Bound for each health wait. Default 120000. */
  timeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface DownOptions {
  only?: 'kafka' | 'flink';
  workDir?: string;
}

export interface Endpoints {
  kafkaBootstrap: string;
  flinkRest: string;
  sqlGateway: string;
}

export interface Started {
  pid: number;
  /** False when it was already running (idempotent `up`). */
  started: boolean;
  /** Milliseconds from launch to healthy; 0 when already running. */
  ms: number;
}

export interface UpResult {
  stateRoot: string;
  endpoints: Endpoints;
  downloads: Partial<Record<'kafka' | 'flink', { downloaded: boolean; ms: number; bytes: number }>>;
  kafka?: Started;
  flink?: { jobmanager: Started; taskmanager: Started; gateway: Started };
  ms: number;
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

export interface DownResult {
  stateRoot: string;
  kafka?: StopOutcome;
  flink?: Record<'sql-gateway' | 'taskmanager' | 'jobmanager', StopOutcome>;
}

export interface ProcessStatus {
  running: boolean;
  pid?: number;
  healthy: boolean;
  log: string;
  /** Set when this stack's process is not running but its port is held by another process. */
  portBusyBy?: string;
}

export interface StatusResult {
  stateRoot: string;
  healthy: boolean;
  kafka: ProcessStatus & { bootstrap: string };
  flink: {
    jobmanager: ProcessStatus & { url: string };
    taskmanager: ProcessStatus & { url: string };
    sqlGateway: ProcessStatus & { url: string; options?: { idleTimeoutMs: number } };
  };
}

export declare const endpoints: Readonly<Endpoints>;
export declare function up(options?: UpOptions): Promise<UpResult>;
export declare function down(options?: DownOptions): Promise<DownResult>;
export declare function status(options?: DownOptions): Promise<StatusResult>;
export declare function loadVersions(): {
  kafka: { version: string; dependencies: string[]; directOnly: string[] };
  flink: { version: string; kafkaConnector: string; dependencies: string[]; directOnly: string[] };
};
export declare class StackError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string);
}
