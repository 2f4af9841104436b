-- Station revenue and daily usage revenue must add up to the same total.
with by_station as (
    select sum(revenue) as total from {{ ref('dim_stations') }}
),
by_day as (
    select sum(revenue) as total from {{ ref('daily_station_usage') }}
)
select by_station.total as station_total, by_day.total as daily_total
from by_station, by_day
where abs(by_station.total - by_day.total) > 0.001
