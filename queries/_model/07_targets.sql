-- Model step 7: national targets (e.g. THA completion rates), as fractions. A year without a row has
-- no recorded target (2026: none found), never a guessed one.
-- params: $targets_csv (path). Grain: one row per year and indicator.
create or replace table targets as
select
    year::integer as year,
    indicator_code,
    target::double as target,
    comparison,
    source
from read_csv($targets_csv, header = true, all_varchar = true)
