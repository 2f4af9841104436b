select
    bike_id,
    model as bike_model,
    home_station_id,
    status,
    cast(updated_at as timestamp) as updated_at
from {{ ref('bikes') }}
