{{ config(materialized='incremental', incremental_strategy='append') }}

-- An append-only log of ride starts as first seen: corrections to rides
-- already logged are deliberately not applied.
select
    ride_id,
    bike_id,
    started_at,
    fare_cents as first_seen_fare_cents
from {{ ref('stg_rides') }}
{% if is_incremental() %}
where started_at > (select max(started_at) from {{ this }})
{% endif %}
