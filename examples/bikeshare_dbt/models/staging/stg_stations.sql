select
    station_id,
    station_name,
    city,
    zip_code,
    cast(capacity as integer) as capacity,
    opened_on
from {{ ref('stations') }}
