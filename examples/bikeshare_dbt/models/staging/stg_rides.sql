{{ config(materialized='view') }}

select
    ride_id,
    bike_id,
    member_id,
    start_station_id,
    end_station_id,
    started_at,
    ended_at,
    date_diff('minute', started_at, ended_at) as duration_minutes,
    fare_cents,
    {{ to_dollars('fare_cents') }} as fare,
    updated_at
from {{ ref('rides') }}
where fare_cents >= {{ var('min_fare_cents') }}
