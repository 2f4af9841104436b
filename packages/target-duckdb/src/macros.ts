/**
 * DuckDB's versions of dbt's cross-database macros, where the default SQL in @floe/core does
 * not fit DuckDB (adapter.dispatch picks `duckdb__<name>` before `default__<name>`).
 */
export const DUCKDB_MACROS = `
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
  date_add({{ from_date_or_timestamp }}, interval ({{ interval }}) {{ datepart }})
{%- endmacro %}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  date_diff('{{ datepart }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp))
{%- endmacro %}
{% macro duckdb__last_day(date, datepart) -%}
  {%- if datepart | lower == 'month' -%} last_day(cast({{ date }} as date))
  {%- else -%} {{ default__last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    array_to_string(list_slice(list({{ measure }} {%- if order_by_clause %} {{ order_by_clause }} {%- endif %}), 1, {{ limit_num }}), {{ delimiter_text }})
  {%- else -%}
    string_agg({{ measure }}, {{ delimiter_text }} {%- if order_by_clause %} {{ order_by_clause }} {%- endif %})
  {%- endif -%}
{%- endmacro %}
{% macro duckdb__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%} [{{ inputs | join(', ') }}] {%- else -%} cast([] as {{ data_type }}[]) {%- endif -%}
{%- endmacro %}
{% macro duckdb__array_concat(array_1, array_2) -%} list_concat({{ array_1 }}, {{ array_2 }}) {%- endmacro %}
{% macro duckdb__array_append(array, new_element) -%} list_append({{ array }}, {{ new_element }}) {%- endmacro %}
{% macro duckdb__safe_cast(field, type) -%} try_cast({{ field }} as {{ type }}) {%- endmacro %}
{% macro duckdb__type_float() -%} double {%- endmacro %}
`;
