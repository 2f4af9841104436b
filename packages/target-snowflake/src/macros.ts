/**
 * Snowflake's versions of dbt's cross-database macros, where the default SQL in @floe/core
 * does not fit Snowflake (adapter.dispatch picks `snowflake__<name>` before `default__<name>`).
 */
export const SNOWFLAKE_MACROS = `
{% macro snowflake__dateadd(datepart, interval, from_date_or_timestamp) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}
{% macro snowflake__last_day(date, datepart) -%} cast(last_day({{ date }}, '{{ datepart }}') as date) {%- endmacro %}
{% macro snowflake__bool_or(expression) -%} boolor_agg({{ expression }}) {%- endmacro %}
{% macro snowflake__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    array_to_string(array_slice(array_agg({{ measure }}) {%- if order_by_clause %} within group ({{ order_by_clause }}) {%- endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
  {%- else -%}
    listagg({{ measure }}, {{ delimiter_text }}) {%- if order_by_clause %} within group ({{ order_by_clause }}) {%- endif %}
  {%- endif -%}
{%- endmacro %}
{% macro snowflake__array_construct(inputs, data_type) -%} array_construct({{ inputs | join(', ') }}) {%- endmacro %}
{#- TRY_CAST takes only text in Snowflake: other values go through varchar first. -#}
{% macro snowflake__safe_cast(field, type) -%} try_cast(cast({{ field }} as varchar) as {{ type }}) {%- endmacro %}
{% macro snowflake__type_timestamp() -%} timestamp_ntz {%- endmacro %}
`;
