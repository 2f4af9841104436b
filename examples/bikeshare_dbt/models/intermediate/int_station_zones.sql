{#- Ephemeral on ephemeral: int_ride_legs inlines this one in turn. -#}
select
    s.station_id,
    s.city,
    coalesce(r.region, 'unknown') as region,
    coalesce(r.fare_zone, '{{ env_var("BIKESHARE_DEFAULT_ZONE", "Z") }}') as fare_zone
from {{ ref('stg_stations') }} as s
left join {{ ref('station_regions') }} as r using (city)
