-- Model step 6: indicator groups. params: $indicator_groups_csv (path). Grain: one row per group.
create or replace table indicator_groups as
select code, agency, name_vi, name_en, display_order::integer as display_order
from read_csv($indicator_groups_csv, header = true, all_varchar = true)
