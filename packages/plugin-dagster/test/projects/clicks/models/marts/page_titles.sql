select page_id, upper(title) as title from {{ ref('int_pages') }}
