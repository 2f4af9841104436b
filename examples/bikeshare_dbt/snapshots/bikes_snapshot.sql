{% snapshot bikes_snapshot %}
{{
    config(
        target_schema='snapshots',
        unique_key='bike_id',
        strategy='timestamp',
        updated_at='updated_at'
    )
}}
select * from {{ ref('stg_bikes') }}
{% endsnapshot %}
