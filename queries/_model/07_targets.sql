-- Model step 7: national targets (e.g. THA completion rates), as fractions.
-- params: $targets_csv (path). Grain: one row per year and indicator.
create or replace table targets as
select
    year::integer as year,
    indicator_code,
    target::double as target,
    comparison,
    nullif(national_result, '')::double as national_result,
    source
from read_csv($targets_csv, header = true, all_varchar = true)
