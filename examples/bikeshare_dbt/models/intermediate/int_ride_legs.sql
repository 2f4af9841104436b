{#- Ephemeral: inlined as a CTE into the marts that use it. -#}
select
    r.ride_id,
    r.member_id,
    r.bike_id,
    r.started_at,
    cast(r.started_at as date) as ride_date,
    r.duration_minutes,
    r.fare,
    r.fare_cents,
    r.updated_at,
    r.start_station_id,
    r.end_station_id,
    s.city as start_city,
    e.city as end_city,
    z.fare_zone as start_zone,
    r.start_station_id = r.end_station_id as is_round_trip,
    m.plan
from {{ ref('stg_rides') }} as r
join {{ ref('stg_stations') }} as s on s.station_id = r.start_station_id
join {{ ref('stg_stations') }} as e on e.station_id = r.end_station_id
join {{ ref('int_station_zones') }} as z on z.station_id = r.start_station_id
left join {{ ref('stg_members') }} as m on m.member_id = r.member_id
