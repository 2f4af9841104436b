{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='ride_id',
        on_schema_change='append_new_columns'
    )
}}

-- Late fare corrections arrive as new versions of a ride (a newer
-- updated_at); merge keeps one row per ride, updated in place.
select
    ride_id,
    member_id,
    bike_id,
    ride_date,
    start_city,
    end_city,
    is_round_trip,
    duration_minutes,
    fare,
    updated_at
from {{ ref('int_ride_legs') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
