-- Model step 7d: the own targets brought in as files, one file per unit, year and submission
-- (scoring/targets/<code>/<year>/<submitted at>-<sha256[:8]>.csv). A row with no target says the
-- unit has no own target for that indicator (the national one applies).
-- params: $unit_target_files (paths). Grain: one row per file and indicator.
insert into imported_unit_targets
select
    unit_id,
    year::integer,
    indicator_code,
    nullif(target, '')::double,
    nullif(comparison, ''),
    source,
    submitted_at,
    filename
from read_csv($unit_target_files, header = true, all_varchar = true, filename = true)
