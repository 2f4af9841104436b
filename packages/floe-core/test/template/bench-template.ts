/**
 * Micro-benchmark (not a test): parses and renders N generated dbt-style model
 * templates and prints the time. Run from the repository root:
 *   node_modules/.bin/esbuild packages/floe-core/test/template/bench-template.ts --bundle --platform=node --outfile=/tmp/bench-template.js && node /tmp/bench-template.js [N]
 */
import { createTemplateEngine } from '../../src/template';

/** A typical model: config(), 1-3 refs, a {% set %} list, a {% for %} loop with -%} control, an is_incremental block. */
export function modelSource(i: number): string {
  const refs = 1 + (i % 3);
  const cols = Array.from({ length: 20 + (i % 30) }, (_, c) => `        col_${c}_${i} as column_${c},`).join('\n');
  const joins = Array.from({ length: refs - 1 }, (_, r) => `    left join {{ ref('model_${(i + r + 1) % 10000}') }} as r${r} on r${r}.id = base.id`).join('\n');
  return `{{ config(materialized='incremental' if ${i % 2} else 'table', unique_key='id', tags=['nightly', 'm${i % 7}']) }}

{% set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}

with base as (
    select * from {{ ref('model_${(i + 7) % 10000}') }}
),

final as (
    select
        base.id,
${cols}
        {% for payment_method in payment_methods -%}
        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
        {% endfor -%}
        sum(amount) as total_amount
    from base
${joins}
    {% if is_incremental() %}
    where updated_at > (select max(updated_at) from {{ this }})
    {% endif %}
    group by 1
)

select * from final
`;
}

function main(): void {
  const n = Number(process.argv[2] ?? 10000);
  // Flat strings, as read from files (template literals build slow cons-strings).
  const sources = Array.from({ length: n }, (_, i) => Buffer.from(modelSource(i), 'utf8').toString('utf8'));
  const bytes = sources.reduce((a, s) => a + s.length, 0);
  const engine = createTemplateEngine();
  const globals = {
    ref: (name: string) => `"main"."${name}"`,
    config: () => '',
    is_incremental: () => false,
    this: '"main"."self"',
  };
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  for (let round = 0; round < 3; round++) {
    // Streaming: parse and render each file, keep only the SQL (what a compile does).
    const s0 = process.cpuUsage();
    const w0 = performance.now();
    let chars = 0;
    for (let i = 0; i < n; i++) {
      const r = engine.parse(sources[i] as string, `models/m${i}.sql`);
      if (!r.template) throw new Error(JSON.stringify(r.diagnostics));
      chars += engine.render(r.template, globals).length;
    }
    console.log(`round ${round}: streaming parse+render of ${n} models: ${(performance.now() - w0).toFixed(0)} ms wall / ${cpuMs(process.cpuUsage(s0)).toFixed(0)} ms cpu (${chars} chars)`);
  }
  for (let round = 0; round < 3; round++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const templates = sources.map((s, i) => {
      const r = engine.parse(s, `models/m${i}.sql`);
      if (!r.template) throw new Error(JSON.stringify(r.diagnostics));
      return r.template;
    });
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    let out = 0;
    for (const t of templates) out += engine.render(t, globals).length;
    const t2 = performance.now();
    const c2 = process.cpuUsage(c0);
    const cpu = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
    console.log(
      `round ${round}: ${n} models (${(bytes / 1e6).toFixed(1)} MB): parse+compile ${(t1 - t0).toFixed(0)} ms wall / ${cpu(c1).toFixed(0)} ms cpu, ` +
        `render ${(t2 - t1).toFixed(0)} ms wall / ${(cpu(c2) - cpu(c1)).toFixed(0)} ms cpu, total ${(t2 - t0).toFixed(0)} ms wall / ${cpu(c2).toFixed(0)} ms cpu (${out} chars out)`,
    );
  }
}

if (process.argv[1]?.includes('bench-template')) main();
