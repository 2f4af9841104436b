{{ config(materialized='table', tags=['members'], alias='members') }}

with rides as (
    select
        member_id,
        count(*) as ride_count,
        sum(fare) as lifetime_fare,
        min(started_at) as first_ride_at,
        max(started_at) as last_ride_at,
        count(*) filter (where is_round_trip) as round_trips
    from {{ ref('int_ride_legs') }}
    group by member_id
)

select
    m.member_id,
    m.full_name,
    m.plan,
    m.is_student,
    m.email is not null as has_email,
    coalesce(r.ride_count, 0) as ride_count,
    coalesce(r.lifetime_fare, 0) as lifetime_fare,
    r.first_ride_at,
    r.last_ride_at,
    coalesce(r.round_trips, 0) as round_trips,
    case
        {%- for plan in membership_plans() %}
        when m.plan = '{{ plan }}' then {{ loop.index }}
        {%- endfor %}
        else 99
    end as plan_rank
from {{ ref('stg_members') }} as m
left join rides as r using (member_id)
