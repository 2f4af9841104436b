-- A ride that ends before it starts is a clock or import error.
select ride_id, started_at, ended_at
from {{ ref('stg_rides') }}
where ended_at < started_at
