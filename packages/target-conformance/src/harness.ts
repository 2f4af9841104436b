import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  PluginRegistry,
  compileProject,
  envSecretResolver,
  isBatchConnection,
  resolveReferences,
  runArtifacts,
  type CompiledArtifacts,
  type Dialect,
  type RunResults,
  type TargetConfigBase,
  type TargetPlugin,
} from '@floe/core';
import { ArtifactsBuilder } from './artifacts-builder';

export interface ConformanceOptions {
  /** Target name as printed in the suite title. */
  name: string;
  plugin: TargetPlugin<TargetConfigBase>;
  /** Raw compute config (as platform.yaml holds it; `{ env: X }` references allowed). */
  config?: Record<string, unknown>;
  /** Per-test config given the test's project folder (e.g. a fresh database file or schema). */
  makeConfig?(dir: string): Record<string, unknown>;
  /** Tests this target cannot pass, each with the reason printed in the report. */
  skip?: { test: string; reason: string }[];
}

export type Row = Record<string, unknown>;

/** One isolated project folder plus helpers to run artifacts and query the target. */
export class Harness {
  readonly dir: string;
  readonly rawConfig: Record<string, unknown>;
  readonly dialect: Dialect;

  constructor(private readonly options: ConformanceOptions) {
    this.dir = mkdtempSync(join(tmpdir(), `floe-conf-${options.name}-`));
    this.rawConfig = options.makeConfig?.(this.dir) ?? options.config ?? (options.plugin.defaultConfig?.(this.dir) as Record<string, unknown> | undefined) ?? { type: options.plugin.name };
    this.dialect = options.plugin.createDialect(this.parsedConfig());
  }

  private parsedConfig(): TargetConfigBase {
    const resolved = resolveReferences(this.rawConfig, envSecretResolver, 'conformance config') as Record<string, unknown>;
    return this.options.plugin.configSchema.parse({ ...resolved, type: this.options.plugin.name });
  }

  builder(mode: 'native' | 'dbt' = 'native'): ArtifactsBuilder {
    return new ArtifactsBuilder({ dialect: this.dialect, targetType: this.options.plugin.name, computeConfig: this.rawConfig, mode });
  }

  write(relPath: string, text: string): void {
    const p = join(this.dir, relPath);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }

  /**
   * Copies a fixture project into the test folder, points its `warehouse`
   * compute at this target through platform.yaml, and compiles it with the
   * real compiler (opting in to the target when it is experimental). Throws with the
   * diagnostics when it does not compile.
   */
  async compileFixture(fixtureDir: string): Promise<CompiledArtifacts> {
    cpSync(fixtureDir, this.dir, { recursive: true });
    // An experimental target compiles only where the project opts in to it.
    if (this.options.plugin.stability === 'experimental') appendFileSync(join(this.dir, 'floe.yaml'), `experimental: [${this.options.plugin.name}]\n`);
    this.write('platform.yaml', `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      warehouse: ${JSON.stringify(this.rawConfig)}\n`);
    return this.recompile();
  }

  async recompile(): Promise<CompiledArtifacts> {
    const r = await compileProject({ projectDir: this.dir, registry: new PluginRegistry([this.options.plugin]), environment: 'dev' });
    if (!r.artifacts) throw new Error(`fixture does not compile: ${JSON.stringify(r.diagnostics, null, 1)}`);
    return r.artifacts;
  }

  /** Runs nodes (names or ids; all when omitted). */
  run(
    artifacts: CompiledArtifacts,
    opts: { select?: string[]; fullRefresh?: boolean; threads?: number; signal?: AbortSignal; failFast?: boolean } = {},
  ): Promise<RunResults> {
    const ids = Object.keys(artifacts.nodes);
    const nodeIds = opts.select ? opts.select.map((s) => ids.find((id) => id === s || artifacts.nodes[id]?.name === s) ?? s) : ids;
    return runArtifacts({
      artifacts,
      registry: new PluginRegistry([this.options.plugin]),
      projectDir: this.dir,
      nodeIds,
      threads: opts.threads ?? 4,
      failFast: opts.failFast ?? false,
      fullRefresh: opts.fullRefresh ?? false,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** Opens a connection, runs one query, closes. Values are normalized (bigint → number, dates → ISO strings). */
  async query(sql: string): Promise<Row[]> {
    const conn = await this.options.plugin.connect(this.parsedConfig(), {
      projectDir: this.dir,
      resolveSecret: (ref) => envSecretResolver(ref) ?? '',
      logger: { debug() {}, info() {}, warn() {} },
    });
    try {
      if (!isBatchConnection(conn)) throw new Error(`${this.options.name} is not a batch target`);
      const r = await conn.execute(sql);
      return r.rows.map(normalizeRow);
    } finally {
      await conn.close();
    }
  }

  /** Rows sorted canonically, for order-free comparison. */
  async sorted(sql: string): Promise<Row[]> {
    return sortRows(await this.query(sql));
  }

  rel(name: string): string {
    return this.dialect.renderRelation({ schema: this.dialect.defaultSchema, identifier: name });
  }

  q(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }
}

export function normalizeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') {
    const s = String(v);
    return s === '[object Object]' ? JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)) : s;
  }
  return v;
}

export function normalizeRow(r: Row): Row {
  const out: Row = {};
  for (const k of Object.keys(r)) out[k.toLowerCase()] = normalizeValue(r[k]);
  return out;
}

export function sortRows(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

export function statusOf(results: RunResults): Record<string, string> {
  return Object.fromEntries(results.results.map((r) => [r.uniqueId.split('.').pop() as string, r.status]));
}
