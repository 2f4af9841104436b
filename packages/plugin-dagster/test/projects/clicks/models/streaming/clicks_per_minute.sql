{{ config(compute='stream', materialized='streaming_table') }}
select user_id, count(*) as clicks
from {{ source('raw', 'clicks') }}
group by user_id
