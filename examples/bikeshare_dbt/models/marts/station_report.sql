{{ config(schema='reporting') }}

-- Built in the custom schema <target schema>_reporting; names its own
-- relation through {{ '{{ this }}' }} in a comment: {{ this }}.
select
    '{{ target.schema }}' as built_in_schema,
    '{{ this.identifier }}' as relation_name,
    count(*) as stations,
    sum(rides_started) as rides
from {{ ref('dim_stations') }}
