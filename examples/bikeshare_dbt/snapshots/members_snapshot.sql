{% snapshot members_snapshot %}
{{
    config(
        target_schema='snapshots',
        unique_key='member_id',
        strategy='check',
        check_cols=['plan', 'email'],
        hard_deletes='new_record'
    )
}}
select member_id, full_name, plan, email from {{ ref('stg_members') }}
{% endsnapshot %}
