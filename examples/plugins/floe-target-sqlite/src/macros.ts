/**
 * SQLite's versions of dbt's cross-database macros, shipped through `Dialect.macros`: a target
 * package adds `<dialect name>__<macro>` blocks and `adapter.dispatch` picks them before Floe's
 * `default__` ones. SQLite has no boolean type (comparisons are 0 or 1) and no any_value.
 * Dates and arrays are not covered: SQLite has neither type.
 */
export const SQLITE_MACROS = `
{% macro sqlite__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    {{ exceptions.raise_compiler_error("listagg(): limit_num is not supported on SQLite") }}
  {%- endif -%}
  group_concat({{ measure }}, {{ delimiter_text }} {%- if order_by_clause %} {{ order_by_clause }} {%- endif %})
{%- endmacro %}
{% macro sqlite__bool_or(expression) -%} max({{ expression }}) {%- endmacro %}
{% macro sqlite__any_value(expression) -%} min({{ expression }}) {%- endmacro %}
{% macro sqlite__cast_bool_to_text(field) -%}
  case when {{ field }} then 'true' when not ({{ field }}) then 'false' end
{%- endmacro %}
`;
