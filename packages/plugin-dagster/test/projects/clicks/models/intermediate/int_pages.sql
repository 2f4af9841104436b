{{ config(materialized='ephemeral') }}
select page_id, title from {{ ref('pages') }} where title is not null
