{#- Cents (an integer column) to a currency amount, rounded to `scale` places. -#}
{% macro to_dollars(column_name, scale=2) -%}
    round(cast({{ column_name }} as decimal(12, 2)) / 100, {{ scale }})
{%- endmacro %}
