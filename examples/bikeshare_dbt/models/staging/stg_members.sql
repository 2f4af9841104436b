-- The members table is loaded by a seed but read as a source; this comment
-- tells both dbt and Floe to build the seed first.
-- depends_on: {{ ref('members') }}

select
    member_id,
    trim(full_name) as full_name,
    lower(plan) as plan,
    signup_date,
    nullif(lower(trim(email)), '') as email,
    coalesce(is_student, false) as is_student
from {{ source('bikeshare_raw', 'members') }}
