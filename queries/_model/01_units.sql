-- Model step 1: the units, read from the reference catalog. A unit is a province code with a span
-- of reporting years (first_year / last_year, null: open): a figure of code C for year Y belongs to
-- the one unit with that code valid in Y (see values_as_of). Grain: one row per unit.
-- params: $units_csv (path).
create or replace table units as
select
    unit_id,
    code,
    name_vi,
    name_en,
    short_vi,
    short_en,
    former_vi,
    former_en,
    nullif(first_year, '')::integer as first_year,
    nullif(last_year, '')::integer as last_year,
    colour,
    display_order::integer as display_order,
    code_confirmed::boolean as code_confirmed
from read_csv($units_csv, header = true, all_varchar = true)
