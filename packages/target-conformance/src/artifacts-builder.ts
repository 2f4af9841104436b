import { ARTIFACTS_VERSION, sha256, type CompiledArtifacts, type CompiledNode, type Dialect } from '@floe/core';

/** What a model's SQL function sees: `ref()` renders the relation of another node, `this` its own. */
export interface SqlContext {
  ref(name: string): string;
  this: string;
}

type SqlFn = (ctx: SqlContext) => string;
type Config = Record<string, unknown>;

interface Pending {
  id: string;
  resourceType: CompiledNode['resourceType'];
  name: string;
  materialized: string;
  sql: SqlFn | null;
  incrementalSql?: SqlFn;
  config: Config;
  dependsOn: string[];
  seed?: CompiledNode['seed'];
  test?: CompiledNode['test'];
  relation: boolean;
}

/**
 * Builds CompiledArtifacts directly (no compiler): enough to drive a target
 * through every materialization. Relations are rendered by the target's own
 * dialect in its default schema; `ref()` records the dependency.
 */
export class ArtifactsBuilder {
  private readonly nodes: Pending[] = [];

  constructor(
    private readonly opts: { dialect: Dialect; targetType: string; computeConfig: Config; mode?: 'native' | 'dbt'; project?: string; schema?: string },
  ) {}

  private get project(): string {
    return this.opts.project ?? 'conformance';
  }

  private add(p: Omit<Pending, 'id' | 'dependsOn'> & { dependsOn?: string[] }): this {
    const prefix = p.resourceType;
    this.nodes.push({ ...p, id: `${prefix}.${this.project}.${p.name}`, dependsOn: p.dependsOn ?? [] });
    return this;
  }

  model(name: string, spec: { materialized?: string; sql: SqlFn; incrementalSql?: SqlFn; config?: Config }): this {
    const materialized = spec.materialized ?? (spec.config?.['materialized'] as string | undefined) ?? 'view';
    return this.add({
      resourceType: 'model',
      name,
      materialized,
      sql: spec.sql,
      ...(spec.incrementalSql ? { incrementalSql: spec.incrementalSql } : {}),
      config: { materialized, ...spec.config },
      relation: materialized !== 'ephemeral',
    });
  }

  snapshot(name: string, spec: { sql: SqlFn; config: Config }): this {
    return this.add({ resourceType: 'snapshot', name, materialized: 'snapshot', sql: spec.sql, config: { materialized: 'snapshot', ...spec.config }, relation: true });
  }

  /** `file` is relative to the project folder. */
  seed(name: string, spec: { file: string; delimiter?: string; quote?: string; columnTypes?: Record<string, string>; header?: string[] }): this {
    return this.add({
      resourceType: 'seed',
      name,
      materialized: 'seed',
      sql: null,
      config: { materialized: 'seed', ...(spec.columnTypes ? { column_types: spec.columnTypes } : {}) },
      seed: {
        file: spec.file,
        delimiter: spec.delimiter ?? ',',
        quote: spec.quote ?? '"',
        columnTypes: spec.columnTypes ?? {},
        header: spec.header ?? [],
        fileChecksum: sha256(spec.file),
      },
      relation: true,
    });
  }

  /** A data test; `sql` returns the failing rows. */
  test(name: string, spec: { sql: SqlFn; attachedTo: string; testName?: string; column?: string; severity?: 'error' | 'warn'; storeFailures?: boolean }): this {
    const severity = spec.severity ?? 'error';
    const storeFailures = spec.storeFailures ?? false;
    return this.add({
      resourceType: 'test',
      name,
      materialized: 'test',
      sql: spec.sql,
      config: { severity, store_failures: storeFailures },
      test: {
        kind: spec.testName ? 'generic' : 'singular',
        ...(spec.testName ? { testName: spec.testName } : {}),
        attachedTo: spec.attachedTo,
        ...(spec.column ? { column: spec.column } : {}),
        severity,
        storeFailures,
        kwargs: {},
      },
      relation: storeFailures,
    });
  }

  /** The id of a node added under `name`. */
  id(name: string): string {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`ArtifactsBuilder: no node named ${name}`);
    return n.id;
  }

  build(): CompiledArtifacts {
    const { dialect } = this.opts;
    const schema = this.opts.schema ?? dialect.defaultSchema;
    const relationOf = (p: Pending) => {
      const r = p.resourceType === 'test' ? { schema: `${schema}_dbt_test__audit`, identifier: p.name } : { schema, identifier: p.name };
      return { ...r, rendered: dialect.renderRelation(r) };
    };
    const byName = new Map(this.nodes.map((n) => [n.name, n]));
    const out: Record<string, CompiledNode> = {};
    for (const p of this.nodes) {
      const deps = new Set<string>();
      const ctes: string[] = [];
      const ref = (name: string): string => {
        const target = byName.get(name);
        if (!target) throw new Error(`ArtifactsBuilder: ref('${name}') is unknown`);
        deps.add(target.id);
        if (target.materialized === 'ephemeral') {
          const cte = `__floe_cte__${name}`;
          const body = (target.sql as SqlFn)({ ref, this: cte });
          if (!ctes.some((c) => c.startsWith(`${cte} AS`))) ctes.push(`${cte} AS (\n${body}\n)`);
          return cte;
        }
        return relationOf(target).rendered;
      };
      const self = p.relation ? relationOf(p).rendered : '';
      const render = (fn: SqlFn | undefined): string | undefined => {
        if (!fn) return undefined;
        ctes.length = 0;
        const body = fn({ ref, this: self });
        return ctes.length ? `WITH ${ctes.join(',\n')}\n${body}` : body;
      };
      const compiledSql = render(p.sql ?? undefined) ?? null;
      const compiledIncrementalSql = render(p.incrementalSql);
      const node: CompiledNode = {
        id: p.id,
        resourceType: p.resourceType,
        name: p.name,
        path: `${p.resourceType}s/${p.name}.sql`,
        fqn: [this.project, p.name],
        description: '',
        tags: [],
        meta: {},
        compute: 'default',
        targetType: this.opts.targetType,
        materialized: p.materialized,
        relation: p.relation ? relationOf(p) : null,
        dependsOn: [...deps].sort(),
        config: p.config as CompiledNode['config'],
        columns: [],
        rawCode: compiledSql ?? '',
        compiledSql,
        ...(compiledIncrementalSql !== undefined ? { compiledIncrementalSql } : {}),
        checksum: sha256(`${compiledSql}|${JSON.stringify(p.config)}`),
        ...(p.test ? { test: p.test } : {}),
        ...(p.seed ? { seed: p.seed } : {}),
      };
      out[p.id] = node;
    }
    const parentMap: Record<string, string[]> = {};
    const childMap: Record<string, string[]> = {};
    for (const n of Object.values(out)) {
      parentMap[n.id] = n.dependsOn;
      childMap[n.id] ??= [];
      for (const d of n.dependsOn) (childMap[d] ??= []).push(n.id);
    }
    return {
      artifactsVersion: ARTIFACTS_VERSION,
      generator: { name: 'floe', version: '0.1.0' },
      project: { name: this.project, version: '1.0.0', mode: this.opts.mode ?? 'native' },
      environment: 'conformance',
      computes: {
        default: { type: this.opts.targetType, stability: 'stable', executionModel: 'batch', config: this.opts.computeConfig as CompiledArtifacts['computes'][string]['config'] },
      },
      vars: {},
      nodes: out,
      sources: {},
      schedules: [],
      parentMap,
      childMap,
    };
  }
}

/** dbt's generic tests as SQL returning failing rows, over an already rendered relation. */
export const genericTestSql = {
  unique: (rel: string, col: string, q: (s: string) => string) =>
    `select ${q(col)} as unique_field, count(*) as n_records from ${rel} where ${q(col)} is not null group by ${q(col)} having count(*) > 1`,
  not_null: (rel: string, col: string, q: (s: string) => string) => `select * from ${rel} where ${q(col)} is null`,
  accepted_values: (rel: string, col: string, values: string[], q: (s: string) => string, lit: (s: string) => string) =>
    `select * from (select ${q(col)} as value_field, count(*) as n_records from ${rel} group by ${q(col)}) as all_values where value_field not in (${values.map(lit).join(', ')})`,
  relationships: (rel: string, col: string, toRel: string, field: string, q: (s: string) => string) =>
    `select child.${q(col)} as from_field from ${rel} as child left join ${toRel} as parent on child.${q(col)} = parent.${q(field)} where child.${q(col)} is not null and parent.${q(field)} is null`,
};
