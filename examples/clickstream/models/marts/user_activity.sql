-- Batch (DuckDB): per-user totals over the closed 1-minute windows that Flink
-- wrote to the clicks_per_minute topic.
select
    user_id,
    count(*) as active_minutes,
    sum(clicks) as clicks,
    max(window_end) as last_seen
from {{ source('aggregated', 'clicks_per_minute') }}
group by user_id
