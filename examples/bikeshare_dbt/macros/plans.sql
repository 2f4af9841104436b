{#- The membership plans, in display order; marts pivot over them. -#}
{% macro membership_plans() -%}
    {{ return(['annual', 'monthly', 'day_pass']) }}
{%- endmacro %}
