{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['ride_date', 'station_id'],
        on_schema_change='sync_all_columns'
    )
}}

{% set touched_days %}
    select distinct ride_date from {{ ref('int_ride_legs') }}
    {% if is_incremental() %}
    where updated_at > (select max(last_updated_at) from {{ this }})
    {% endif %}
{% endset %}

-- Days whose rides changed are recomputed whole and replace their old rows.
select
    ride_date,
    start_station_id as station_id,
    count(*) as rides,
    sum(fare) as revenue,
    round(avg(fare), 2) as avg_fare,
    max(updated_at) as last_updated_at
from {{ ref('int_ride_legs') }}
where ride_date in ({{ touched_days }})
group by ride_date, start_station_id
