/**
 * dbt's cross-database macros (`dbt.dateadd(...)`, `{{ type_string() }}` ...): the SQL each
 * one writes differs by warehouse, so each public macro dispatches to `<dialect>__<name>`,
 * then `default__<name>`. The defaults are here; a target ships its own versions as
 * `Dialect.macros`, and a project macro of the same name overrides either, as in dbt.
 * The engine parses them when a name the project's macros lack is first looked up, so a
 * project that uses none parses none. An error raised in them is reported at the project's
 * call (template/runtime.ts).
 */

/** The public names, in dbt's `dbt` namespace and as unqualified macros. */
export const CROSS_DATABASE_MACRO_NAMES = [
  'any_value', 'array_append', 'array_concat', 'array_construct', 'bool_or', 'cast', 'cast_bool_to_text', 'concat',
  'current_timestamp', 'date_trunc', 'dateadd', 'datediff', 'escape_single_quotes', 'except', 'hash', 'intersect',
  'last_day', 'length', 'listagg', 'position', 'replace', 'right', 'safe_cast', 'split_part', 'string_literal',
  'type_bigint', 'type_boolean', 'type_float', 'type_int', 'type_numeric', 'type_string', 'type_timestamp',
] as const;

/** Each public macro's parameters, with their defaults as written in its signature. */
const PARAMS: Record<(typeof CROSS_DATABASE_MACRO_NAMES)[number], readonly string[]> = {
  any_value: ['expression'],
  array_append: ['array', 'new_element'],
  array_concat: ['array_1', 'array_2'],
  array_construct: ['inputs=[]', 'data_type=none'],
  bool_or: ['expression'],
  cast: ['field', 'type'],
  cast_bool_to_text: ['field'],
  concat: ['fields'],
  current_timestamp: [],
  date_trunc: ['datepart', 'date'],
  dateadd: ['datepart', 'interval', 'from_date_or_timestamp'],
  datediff: ['first_date', 'second_date', 'datepart'],
  escape_single_quotes: ['expression'],
  except: [],
  hash: ['field'],
  intersect: [],
  last_day: ['date', 'datepart'],
  length: ['expression'],
  listagg: ['measure', `delimiter_text="','"`, 'order_by_clause=none', 'limit_num=none'],
  position: ['substring_text', 'string_text'],
  replace: ['field', 'old_chars', 'new_chars'],
  right: ['string_text', 'length_expression'],
  safe_cast: ['field', 'type'],
  split_part: ['string_text', 'delimiter_text', 'part_number'],
  string_literal: ['value'],
  type_bigint: [],
  type_boolean: [],
  type_float: [],
  type_int: [],
  type_numeric: [],
  type_string: [],
  type_timestamp: [],
};

/** Each public macro passes its arguments on to the implementation adapter.dispatch picks. */
function dispatchers(): string {
  return CROSS_DATABASE_MACRO_NAMES.map((name) => {
    const params = PARAMS[name];
    const args = params.map((p) => p.split('=')[0]).join(', ');
    return `{% macro ${name}(${params.join(', ')}) -%}\n  {{ return(adapter.dispatch('${name}', 'dbt')(${args})) }}\n{%- endmacro %}\n`;
  }).join('');
}

/** Implementations for warehouses with ANSI-like SQL (Postgres and Snowflake spellings where they agree). */
const DEFAULTS = `
{% macro default__any_value(expression) -%} any_value({{ expression }}) {%- endmacro %}
{% macro default__array_append(array, new_element) -%} array_append({{ array }}, {{ new_element }}) {%- endmacro %}
{% macro default__array_concat(array_1, array_2) -%} array_cat({{ array_1 }}, {{ array_2 }}) {%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%} array[ {{ inputs | join(', ') }} ] {%- else -%} array[]::{{ data_type }}[] {%- endif -%}
{%- endmacro %}
{% macro default__bool_or(expression) -%} bool_or({{ expression }}) {%- endmacro %}
{% macro default__cast(field, type) -%} cast({{ field }} as {{ type }}) {%- endmacro %}
{% macro default__cast_bool_to_text(field) -%} cast({{ field }} as {{ type_string() }}) {%- endmacro %}
{% macro default__concat(fields) -%} {{ fields | join(' || ') }} {%- endmacro %}
{% macro default__current_timestamp() -%} current_timestamp {%- endmacro %}
{% macro default__date_trunc(datepart, date) -%} date_trunc('{{ datepart }}', {{ date }}) {%- endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))
{%- endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}
{% macro default__escape_single_quotes(expression) -%} {{ expression | replace("'", "''") }} {%- endmacro %}
{% macro default__except() -%} except {%- endmacro %}
{% macro default__hash(field) -%} md5(cast({{ field }} as {{ type_string() }})) {%- endmacro %}
{% macro default__intersect() -%} intersect {%- endmacro %}
{% macro default__last_day(date, datepart) -%}
  cast({{ dateadd('day', '-1', dateadd(datepart, '1', date_trunc(datepart, date))) }} as date)
{%- endmacro %}
{% macro default__length(expression) -%} length({{ expression }}) {%- endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    {{ exceptions.raise_compiler_error("listagg(): limit_num is not supported on " ~ target.type) }}
  {%- endif -%}
  listagg({{ measure }}, {{ delimiter_text }}) {%- if order_by_clause %} within group ({{ order_by_clause }}) {%- endif %}
{%- endmacro %}
{% macro default__position(substring_text, string_text) -%} position({{ substring_text }} in {{ string_text }}) {%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) -%} replace({{ field }}, {{ old_chars }}, {{ new_chars }}) {%- endmacro %}
{% macro default__right(string_text, length_expression) -%} right({{ string_text }}, {{ length_expression }}) {%- endmacro %}
{% macro default__safe_cast(field, type) -%} cast({{ field }} as {{ type }}) {%- endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
  split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}
{% macro default__string_literal(value) -%} '{{ value }}' {%- endmacro %}
{% macro default__type_bigint() -%} bigint {%- endmacro %}
{% macro default__type_boolean() -%} boolean {%- endmacro %}
{% macro default__type_float() -%} float {%- endmacro %}
{% macro default__type_int() -%} integer {%- endmacro %}
{% macro default__type_numeric() -%} numeric(28, 6) {%- endmacro %}
{% macro default__type_string() -%} varchar {%- endmacro %}
{% macro default__type_timestamp() -%} timestamp {%- endmacro %}
`;

/** dbt's global macros that packages call unqualified (dbt_utils' generic tests call should_store_failures()). */
export const GLOBAL_MACRO_NAMES = ['should_full_refresh', 'should_store_failures'] as const;

const GLOBALS = `
{% macro should_full_refresh() -%}
  {%- set value = config.get('full_refresh') -%}
  {{ return(flags.FULL_REFRESH if value is none else value) }}
{%- endmacro %}
{% macro should_store_failures() -%}
  {%- set value = config.get('store_failures') -%}
  {{ return(flags.STORE_FAILURES if value is none else value) }}
{%- endmacro %}
`;

/** The Jinja source of every public macro, its default implementation, and dbt's global macros. */
export function crossDatabaseMacros(): string {
  return dispatchers() + DEFAULTS + GLOBALS;
}

/** Where diagnostics say these macros come from (shown as `<floe/cross-database-macros.sql>`). */
export const CROSS_DATABASE_MACROS_ORIGIN = 'floe/cross-database-macros.sql';
