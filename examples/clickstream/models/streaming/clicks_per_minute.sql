{{ config(materialized='streaming_table', topic='clicks_per_minute',
          unique_key=['user_id', 'window_start'], state_ttl='1h') }}
-- Per-user click counts in 1-minute event-time windows; a window is emitted
-- once the watermark (max ts - 5 s) passes its end.
select user_id, window_start, window_end, count(*) as clicks
from table(tumble(table {{ source('events', 'clicks') }}, descriptor(ts), interval '1' minute))
group by user_id, window_start, window_end
