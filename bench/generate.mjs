#!/usr/bin/env node
// Generates a deterministic dbt-format project for the benchmark harness.
//
//   node bench/generate.mjs --models 1000 --out /tmp/p [--seed 42]
//                           [--views-only] [--data-heavy --rows 5000000]
//
// The same (models, seed, mode) always yields byte-identical files, so Floe and
// dbt-core read exactly the same project and runs on different days compare.
// Only Jinja that dbt-core supports is used: config(), ref(), source(), var()
// with a default, {% set %} lists, {% for %} with loop.last, {% if %}, and
// project macros with default arguments.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkOptions } from './common.mjs';

export const PROJECT_NAME = 'bench_project';
export const DUCKDB_FILE = 'bench.duckdb';

/** mulberry32: small, fast, good enough for shaping a synthetic project. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
}

const DOMAINS = ['sales', 'finance', 'marketing', 'product', 'support', 'ops', 'logistics', 'growth'];
const STATUSES = ['placed', 'shipped', 'completed', 'returned'];
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'JP', 'BR'];
const CATEGORIES = ['books', 'games', 'tools', 'garden', 'toys'];
const METHODS = ['card', 'transfer', 'voucher', 'wallet'];
const FOLDER_SIZE = 50; // models per folder (and per property file)

// ---------------------------------------------------------------- files ---

class Files {
  constructor(root) {
    this.root = root;
    this.count = 0;
  }
  write(rel, text) {
    const p = join(this.root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    this.count++;
  }
}

function projectYml({ viewsOnly, dataHeavy }) {
  const martMat = viewsOnly ? 'view' : 'table';
  return `name: ${PROJECT_NAME}
version: "1.0.0"
config-version: 2
profile: ${PROJECT_NAME}

model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
test-paths: ["tests"]
target-path: "target"
clean-targets: ["target"]

vars:
  amount_scale: 2

models:
  ${PROJECT_NAME}:
    +materialized: view
${dataHeavy ? '' : `    staging:
      +tags: ["staging"]
    intermediate:
      +tags: ["intermediate"]
    marts:
      +materialized: ${martMat}
      +tags: ["daily"]
`}
seeds:
  ${PROJECT_NAME}:
    +tags: ["raw"]
`;
}

function profilesYml() {
  // Relative path: both tools are run with the project folder as cwd.
  return `${PROJECT_NAME}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ${DUCKDB_FILE}
      threads: 4
`;
}

const MACROS = `{#- Project macros used by the generated models. -#}

{% macro cents_to_dollars(column_name, scale=2) -%}
round(cast({{ column_name }} as double) / 100.0, {{ scale }})
{%- endmacro %}

{% macro add_amounts(aliases, column='amount', default_value=0) -%}
{%- for alias in aliases -%}
coalesce({{ alias }}.{{ column }}, {{ default_value }}){% if not loop.last %} + {% endif %}
{%- endfor -%}
{%- endmacro %}
`;

// ---------------------------------------------------------------- seeds ---

function seeds(files, r) {
  const ts = (i) => {
    const d = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000 * 7);
    return d.toISOString().slice(0, 19).replace('T', ' ');
  };
  const customers = ['id,first_name,country,created_at'];
  for (let i = 1; i <= 100; i++) customers.push(`${i},name_${i},${r.pick(COUNTRIES)},${ts(i)}`);
  const orders = ['id,customer_id,status,amount_cents,ordered_at'];
  for (let i = 1; i <= 500; i++) {
    orders.push(`${i},${r.int(1, 100)},${r.pick(STATUSES)},${r.int(100, 99_999)},${ts(i)}`);
  }
  const payments = ['id,order_id,method,amount_cents,paid_at'];
  for (let i = 1; i <= 500; i++) {
    payments.push(`${i},${r.int(1, 500)},${r.pick(METHODS)},${r.int(100, 99_999)},${ts(i + 3)}`);
  }
  const products = ['id,category,price_cents'];
  for (let i = 1; i <= 50; i++) products.push(`${i},${r.pick(CATEGORIES)},${r.int(100, 20_000)}`);
  files.write('seeds/raw_customers.csv', customers.join('\n') + '\n');
  files.write('seeds/raw_orders.csv', orders.join('\n') + '\n');
  files.write('seeds/raw_payments.csv', payments.join('\n') + '\n');
  files.write('seeds/raw_products.csv', products.join('\n') + '\n');
  files.write(
    'seeds/_seeds.yml',
    `version: 2
seeds:
  - name: raw_customers
    description: Customers, one row each.
    columns:
      - name: id
        data_tests: [unique, not_null]
  - name: raw_orders
    description: Orders placed by customers.
  - name: raw_payments
    description: Payments against orders.
  - name: raw_products
    description: Product catalogue.
`,
  );
}

// ------------------------------------------------------- regular models ---

// Every generated model exposes the same five columns, so any model can
// ref() any earlier one and the SQL still runs on DuckDB:
//   id bigint (unique), customer_id bigint, status varchar, amount double,
//   ordered_at timestamp

const STAGING_KINDS = ['orders', 'customers', 'payments', 'products'];

function stagingSql(kind, mat) {
  const head = `{{ config(materialized='${mat}') }}\n`;
  switch (kind) {
    case 'orders':
      return `${head}
{% set id_cols = ['id', 'customer_id'] %}

select
    cast(status as varchar) as status,
    {{ cents_to_dollars('amount_cents', var('amount_scale', 2)) }} as amount,
    cast(ordered_at as timestamp) as ordered_at,
    {%- for col in id_cols %}
    cast({{ col }} as bigint) as {{ col }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ source('raw', 'orders') }}
`;
    case 'payments':
      return `${head}
{% set id_cols = ['id'] %}

select
    cast(order_id as bigint) as customer_id,
    cast(method as varchar) as status,
    {{ cents_to_dollars('amount_cents') }} as amount,
    cast(paid_at as timestamp) as ordered_at,
    {%- for col in id_cols %}
    cast({{ col }} as bigint) as {{ col }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ source('raw', 'payments') }}
`;
    case 'customers':
      return `${head}
{% set id_cols = ['id'] %}

select
    cast(id as bigint) as customer_id,
    cast(country as varchar) as status,
    cast(0 as double) as amount,
    cast(created_at as timestamp) as ordered_at,
    {%- for col in id_cols %}
    cast({{ col }} as bigint) as {{ col }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ ref('raw_customers') }}
`;
    case 'products':
      return `${head}
select
    cast(id as bigint) as id,
    cast(id as bigint) as customer_id,
    cast(category as varchar) as status,
    {{ cents_to_dollars('price_cents', scale=4) }} as amount,
    cast('2024-01-01 00:00:00' as timestamp) as ordered_at
from {{ ref('raw_products') }}
`;
    default:
      throw new Error(`unknown staging kind ${kind}`);
  }
}

function intermediateSql(refs, mat) {
  const aliases = ['a', 'b', 'c'].slice(0, refs.length);
  const joins = refs
    .slice(1)
    .map((m, i) => `left join {{ ref('${m}') }} as ${aliases[i + 1]} on a.id = ${aliases[i + 1]}.id`)
    .join('\n');
  return `{{ config(materialized='${mat}') }}

{% set cols = ['id', 'customer_id', 'status', 'ordered_at'] %}

select
    {%- for col in cols %}
    a.{{ col }},
    {%- endfor %}
    {{ add_amounts([${aliases.map((a) => `'${a}'`).join(', ')}]) }} as amount
from {{ ref('${refs[0]}') }} as a
${joins}
`;
}

function martSql(refs, mat) {
  const joins = refs
    .slice(1)
    .map((m, i) => `inner join {{ ref('${m}') }} as j${i + 1} on a.id = j${i + 1}.id`)
    .join('\n');
  return `{{ config(materialized='${mat}') }}

{% set maxed = ['status', 'ordered_at'] %}

select
    a.customer_id as id,
    a.customer_id,
    sum(a.amount) as amount,
    {%- for col in maxed %}
    max(a.{{ col }}) as {{ col }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ ref('${refs[0]}') }} as a
${joins}
group by a.customer_id
`;
}

/** Picks 1-3 distinct model names: the first from `primary`, others from `pool`. */
function pickRefs(r, primary, pool) {
  const n = r.int(1, 3);
  const out = [r.pick(primary)];
  for (let tries = 0; out.length < n && tries < 10; tries++) {
    const m = r.pick(pool);
    if (!out.includes(m)) out.push(m);
  }
  return out;
}

function propertyYml(models) {
  const lines = ['version: 2', '', 'models:'];
  for (const m of models) {
    lines.push(`  - name: ${m.name}`);
    lines.push(`    description: "${m.layer} model ${m.name} (generated)."`);
    lines.push('    columns:');
    lines.push('      - name: id');
    lines.push('        description: Primary key.');
    if (m.tested) lines.push('        data_tests: [unique, not_null]');
    lines.push('      - name: customer_id');
    if (m.relationshipTo) {
      lines.push('        data_tests:');
      lines.push('          - relationships:');
      lines.push(`              to: ref('${m.relationshipTo}')`);
      lines.push('              field: id');
    }
    lines.push('      - name: status');
    if (m.acceptedValues) {
      lines.push('        data_tests:');
      lines.push('          - accepted_values:');
      lines.push(`              values: [${m.acceptedValues.map((v) => `'${v}'`).join(', ')}]`);
    }
    lines.push('      - name: amount');
    lines.push('      - name: ordered_at');
  }
  return lines.join('\n') + '\n';
}

function layerCounts(n) {
  const stg = Math.max(4, Math.round(n * 0.2));
  const int1 = Math.max(1, Math.round(n * 0.3));
  const int2 = Math.max(1, Math.round(n * 0.25));
  const mart = Math.max(1, n - stg - int1 - int2);
  return { stg, int1, int2, mart };
}

function regularProject(files, r, { models, viewsOnly }) {
  seeds(files, r);
  files.write('macros/bench_macros.sql', MACROS);
  files.write(
    'models/staging/_sources.yml',
    `version: 2

sources:
  - name: raw
    description: Raw tables, loaded by dbt seed.
    schema: main
    tables:
      - name: orders
        identifier: raw_orders
        columns:
          - name: id
            data_tests: [not_null]
      - name: payments
        identifier: raw_payments
`,
  );

  const counts = layerCounts(models);
  const all = []; // { name, layer, folder, sql, tested, ... }
  const domainOf = (idx) => DOMAINS[Math.floor(idx / FOLDER_SIZE) % DOMAINS.length];
  const folderOf = (layer, idx) =>
    `models/${layer}/${domainOf(idx)}_${String(Math.floor(idx / FOLDER_SIZE)).padStart(3, '0')}`;
  const matOr = (m) => (viewsOnly ? 'view' : m);

  const stg = [];
  let firstCustomers = null;
  for (let i = 0; i < counts.stg; i++) {
    const kind = STAGING_KINDS[i % STAGING_KINDS.length];
    const name = `stg_${kind}_${String(i).padStart(5, '0')}`;
    if (kind === 'customers' && !firstCustomers) firstCustomers = name;
    stg.push(name);
    all.push({
      name,
      layer: 'staging',
      folder: folderOf('staging', i),
      sql: stagingSql(kind, 'view'),
      tested: r.next() < 0.5,
      acceptedValues: kind === 'orders' && r.next() < 0.3 ? STATUSES : null,
      relationshipTo: kind === 'orders' && firstCustomers && r.next() < 0.2 ? firstCustomers : null,
    });
  }
  const int1 = [];
  for (let i = 0; i < counts.int1; i++) {
    const name = `int_${domainOf(i)}_a_${String(i).padStart(5, '0')}`;
    int1.push(name);
    all.push({
      name,
      layer: 'intermediate',
      folder: folderOf('intermediate', i),
      sql: intermediateSql(pickRefs(r, stg, stg), matOr(r.next() < 0.2 ? 'table' : 'view')),
      tested: r.next() < 0.3,
    });
  }
  const int2 = [];
  const int2Pool = stg.concat(int1);
  for (let i = 0; i < counts.int2; i++) {
    const name = `int_${domainOf(counts.int1 + i)}_b_${String(i).padStart(5, '0')}`;
    int2.push(name);
    all.push({
      name,
      layer: 'intermediate',
      folder: folderOf('intermediate', counts.int1 + i),
      sql: intermediateSql(pickRefs(r, int1, int2Pool), matOr(r.next() < 0.2 ? 'table' : 'view')),
      tested: r.next() < 0.3,
    });
  }
  const martPool = int1.concat(int2);
  for (let i = 0; i < counts.mart; i++) {
    const name = `fct_${domainOf(i)}_${String(i).padStart(5, '0')}`;
    all.push({
      name,
      layer: 'marts',
      folder: folderOf('marts', i),
      sql: martSql(pickRefs(r, martPool, martPool), matOr('table')),
      tested: r.next() < 0.4,
    });
  }

  const byFolder = new Map();
  for (const m of all) {
    files.write(`${m.folder}/${m.name}.sql`, m.sql);
    if (!byFolder.has(m.folder)) byFolder.set(m.folder, []);
    byFolder.get(m.folder).push(m);
  }
  for (const [folder, ms] of byFolder) files.write(`${folder}/_models.yml`, propertyYml(ms));

  // One singular test, as real projects have some.
  files.write(
    'tests/assert_no_negative_amounts.sql',
    `select * from {{ ref('${stg[0]}') }} where amount < 0\n`,
  );

  // The model the warm-recompile benchmark edits: an intermediate model in the
  // middle of the graph (it has both parents and dependants).
  const touch = all.find((m) => m.name === int1[Math.floor(int1.length / 2)]);
  const tests = all.reduce(
    (n, m) => n + (m.tested ? 2 : 0) + (m.acceptedValues ? 1 : 0) + (m.relationshipTo ? 1 : 0),
    0,
  );
  return {
    models: all.length,
    layers: counts,
    folders: byFolder.size,
    seeds: 4,
    sources: 2,
    // + raw_customers.id (unique, not_null), source orders.id (not_null), one singular test
    tests: tests + 4,
    touchFile: `${touch.folder}/${touch.name}.sql`,
  };
}

// --------------------------------------------------- data-heavy project ---

// Few models over generated tables of `rows` rows with real joins and
// aggregations. Each model is written twice: as a dbt template and as the
// plain SQL it renders to, so bench/direct-duckdb.mjs can run the identical
// statements straight on DuckDB (the overhead baseline).
function heavyModels(rows) {
  const customers = Math.max(1000, Math.floor(rows / 25));
  return [
    {
      name: 'base_orders',
      mat: 'table',
      sql: `select
    i as id,
    i % ${customers} as customer_id,
    case i % 4 when 0 then 'placed' when 1 then 'shipped' when 2 then 'completed' else 'returned' end as status,
    ((i * 7919) % 100000) / 100.0 as amount,
    timestamp '2024-01-01' + to_seconds((i * 37) % 31536000) as ordered_at
from range(0, ${rows}) as t(i)`,
    },
    {
      name: 'base_customers',
      mat: 'table',
      sql: `select
    i as id,
    'name_' || i as name,
    case i % 6 when 0 then 'DE' when 1 then 'FR' when 2 then 'US' when 3 then 'GB' when 4 then 'JP' else 'BR' end as country,
    date '2020-01-01' + cast(i % 1500 as integer) as signup_date
from range(0, ${customers}) as t(i)`,
    },
    {
      name: 'base_payments',
      mat: 'table',
      sql: `select
    i as id,
    (i * 3) % ${rows} as order_id,
    case i % 3 when 0 then 'card' when 1 then 'transfer' else 'voucher' end as method,
    ((i * 104729) % 50000) / 100.0 as amount
from range(0, ${rows}) as t(i)`,
    },
    {
      name: 'stg_orders',
      mat: 'view',
      sql: `select id, customer_id, status, amount, ordered_at, cast(ordered_at as date) as order_date
from REF(base_orders)
where status <> 'returned'`,
    },
    {
      name: 'int_order_payments',
      mat: 'table',
      sql: `select o.id as order_id, o.customer_id, o.order_date, o.amount as order_amount,
    coalesce(sum(p.amount), 0) as paid_amount, count(p.id) as payment_count
from REF(stg_orders) as o
left join REF(base_payments) as p on p.order_id = o.id
group by o.id, o.customer_id, o.order_date, o.amount`,
    },
    {
      name: 'int_customer_orders',
      mat: 'table',
      sql: `select c.id as customer_id, c.country, c.signup_date,
    count(*) as orders, sum(op.order_amount) as revenue, sum(op.paid_amount) as paid,
    min(op.order_date) as first_order, max(op.order_date) as last_order
from REF(base_customers) as c
join REF(int_order_payments) as op on op.customer_id = c.id
group by c.id, c.country, c.signup_date`,
    },
    {
      name: 'fct_daily_revenue',
      mat: 'table',
      sql: `select order_date, count(*) as orders, sum(order_amount) as revenue, sum(paid_amount) as paid,
    avg(order_amount) as avg_order
from REF(int_order_payments)
group by order_date`,
    },
    {
      name: 'fct_country_revenue',
      mat: 'table',
      sql: `select country, date_trunc('month', first_order) as cohort, count(*) as customers,
    sum(revenue) as revenue, median(revenue) as median_revenue
from REF(int_customer_orders)
group by country, date_trunc('month', first_order)`,
    },
    {
      name: 'fct_customer_rank',
      mat: 'table',
      sql: `select customer_id, country, revenue,
    rank() over (partition by country order by revenue desc) as country_rank,
    sum(revenue) over (partition by country) as country_revenue
from REF(int_customer_orders)`,
    },
    {
      name: 'fct_unpaid_orders',
      mat: 'table',
      sql: `select o.order_id, o.customer_id, c.country, o.order_amount - o.paid_amount as open_amount
from REF(int_order_payments) as o
join REF(base_customers) as c on c.id = o.customer_id
where o.paid_amount < o.order_amount`,
    },
    {
      name: 'rpt_top_customers',
      mat: 'view',
      sql: `select * from REF(fct_customer_rank) where country_rank <= 10`,
    },
    {
      name: 'rpt_month_summary',
      mat: 'table',
      sql: `select date_trunc('month', order_date) as month, sum(orders) as orders, sum(revenue) as revenue
from REF(fct_daily_revenue)
group by 1
order by 1`,
    },
  ];
}

function heavyProject(files, { rows }) {
  files.write('macros/bench_macros.sql', MACROS);
  const ms = heavyModels(rows);
  const direct = [
    '-- Generated by bench/generate.mjs --data-heavy: the SQL the models render to,',
    '-- in dependency order, run by bench/direct-duckdb.mjs as the overhead baseline.',
  ];
  for (const m of ms) {
    const template = m.sql.replace(/REF\((\w+)\)/g, "{{ ref('$1') }}");
    const plain = m.sql.replace(/REF\((\w+)\)/g, 'main.$1');
    files.write(`models/${m.name}.sql`, `{{ config(materialized='${m.mat}') }}\n\n${template}\n`);
    const kind = m.mat === 'table' ? 'table' : 'view';
    direct.push(`create or replace ${kind} main.${m.name} as (\n${plain}\n);`);
  }
  files.write('direct.sql', direct.join('\n') + '\n');
  files.write(
    'models/_models.yml',
    propertyYml(
      ms
        .filter((m) => m.name.startsWith('fct_') && m.name !== 'fct_daily_revenue')
        .map((m) => ({ name: m.name, layer: 'marts', tested: false })),
    ).replace(/      - name: (customer_id|status|amount|ordered_at)\n/g, ''),
  );
  return { models: ms.length, rows, seeds: 0, sources: 0, touchFile: `models/${ms[4].name}.sql` };
}

// ----------------------------------------------------------------- main ---

/** A regular project of `models` models generated into `work`/`name` (default dbt-<models>), as the bench scripts time it; returns its folder. */
export function generatedProject(work, models, name = `dbt-${models}`) {
  const dir = join(work, name);
  generateProject({ out: dir, models });
  return dir;
}

/**
 * Writes the project into `out` (removed first) and returns a summary.
 * @param {{models?: number, out: string, seed?: number, viewsOnly?: boolean,
 *          dataHeavy?: boolean, rows?: number}} opts
 */
export function generateProject(opts) {
  const { out, models = 1000, seed = 42, viewsOnly = false, dataHeavy = false, rows = 5_000_000 } = opts;
  if (!out) throw new Error('generateProject: out is required');
  if (!dataHeavy && (!Number.isInteger(models) || models < 10)) {
    throw new Error(`generateProject: models must be an integer >= 10, got ${models}`);
  }
  rmSync(out, { recursive: true, force: true });
  const files = new Files(out);
  const r = rng(seed);
  files.write('dbt_project.yml', projectYml({ viewsOnly, dataHeavy }));
  files.write('profiles.yml', profilesYml());
  const summary = dataHeavy ? heavyProject(files, { rows }) : regularProject(files, r, { models, viewsOnly });
  const meta = {
    generator: 'bench/generate.mjs',
    seed,
    mode: dataHeavy ? 'data-heavy' : viewsOnly ? 'views-only' : 'default',
    ...summary,
    files: files.count + 1,
  };
  files.write('bench-meta.json', JSON.stringify(meta, null, 2) + '\n');
  return { dir: out, ...meta };
}

function parseCli(argv) {
  const o = { models: 1000, seed: 42, viewsOnly: false, dataHeavy: false, rows: 5_000_000, out: null };
  walkOptions(argv, (a, { value, int }) => {
    if (a === '--models') o.models = int(1);
    else if (a === '--seed') o.seed = int(0);
    else if (a === '--out') o.out = value();
    else if (a === '--rows') o.rows = int(1);
    else if (a === '--views-only') o.viewsOnly = true;
    else if (a === '--data-heavy') o.dataHeavy = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  });
  return o;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const o = parseCli(process.argv.slice(2));
    if (o.help || !o.out) {
      console.log(
        'usage: node bench/generate.mjs --models N --out DIR [--seed 42] [--views-only] [--data-heavy [--rows 5000000]]',
      );
      process.exit(o.help ? 0 : 2);
    }
    const res = generateProject(o);
    console.log(JSON.stringify(res, null, 2));
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exit(2);
  }
}
