with order_totals as (
    select
        customer_id,
        min(ordered_on) as first_order_on,
        max(ordered_on) as last_order_on,
        count(*) as order_count,
        sum(amount) as lifetime_value
    from {{ ref('orders') }}
    where status <> 'returned'
    group by customer_id
)

select
    c.customer_id,
    c.first_name,
    c.last_name,
    c.signed_up_on,
    t.first_order_on,
    t.last_order_on,
    coalesce(t.order_count, 0) as order_count,
    coalesce(t.lifetime_value, 0) as lifetime_value
from {{ ref('stg_customers') }} as c
left join order_totals as t using (customer_id)
