{% set plans = membership_plans() %}

with legs as (
    select * from {{ ref('int_ride_legs') }}
)

select
    st.station_id,
    st.station_name,
    st.city,
    st.capacity,
    z.region,
    z.fare_zone,
    count(l.ride_id) as rides_started,
    {%- for plan in plans %}
    count(l.ride_id) filter (where l.plan = '{{ plan }}') as {{ plan }}_rides,
    {%- endfor %}
    coalesce(sum(l.fare), 0) as revenue
from {{ ref('stg_stations') }} as st
join {{ ref('int_station_zones') }} as z on z.station_id = st.station_id
left join legs as l on l.start_station_id = st.station_id
group by all
