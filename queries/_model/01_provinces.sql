-- Model step 1: the provinces, read from the reference catalog.
-- params: $provinces_csv (path). Grain: one row per province.
create or replace table provinces as
select
    code,
    name_vi,
    name_en,
    short_vi,
    short_en,
    colour,
    display_order::integer as display_order,
    merged_into_code,
    merged_into_vi,
    merged_into_en,
    merged_from::date as merged_from
from read_csv($provinces_csv, header = true, all_varchar = true)
