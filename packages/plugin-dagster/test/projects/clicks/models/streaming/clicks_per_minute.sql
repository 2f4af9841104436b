{{ config(compute='stream', materialized='streaming_table', unique_key=['user_id'], state_ttl='1h') }}
select user_id, count(*) as clicks
from {{ source('raw', 'clicks') }}
group by user_id
