-- Model step 5: the indicator catalog. params: $indicators_csv (path). Grain: one row per indicator.
create or replace table indicators as
select
    code,
    group_code,
    agency,
    name_vi,
    name_en,
    unit_vi,
    unit_en,
    kind,
    nullif(numerator, '') as numerator,
    nullif(denominator, '') as denominator,
    direction,
    decimals::integer as decimals,
    year_basis,
    headline::boolean as headline,
    display_order::integer as display_order
from read_csv($indicators_csv, header = true, all_varchar = true)
