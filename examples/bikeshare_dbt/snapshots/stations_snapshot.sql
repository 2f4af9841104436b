{% snapshot stations_snapshot %}
{#- Own column names and an open-ended valid_to instead of NULL for current rows. -#}
{{
    config(
        target_schema='snapshots',
        unique_key='station_id',
        strategy='check',
        check_cols=['station_name', 'capacity'],
        dbt_valid_to_current="cast('9999-12-31' as timestamp)",
        snapshot_meta_column_names={
            'dbt_valid_from': 'valid_from',
            'dbt_valid_to': 'valid_to',
            'dbt_scd_id': 'version_id',
            'dbt_updated_at': 'captured_at'
        }
    )
}}
select station_id, station_name, capacity from {{ ref('stg_stations') }}
{% endsnapshot %}
