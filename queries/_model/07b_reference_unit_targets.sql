-- Model step 7b: the targets assigned to one unit ("chỉ tiêu được giao") declared in the catalog
-- (reference/unit_targets.csv), which can differ from the national ones (a province's THA may be
-- given its own). As fractions, with how they are compared, their source and whether they are
-- illustrative. Those brought in as files (7c, 7d) replace a unit's and year's rows here (7e).
-- params: $unit_targets_csv (path). Grain: one row per unit, year and indicator.
create or replace table reference_unit_targets as
select
    unit_id,
    year::integer as year,
    indicator_code,
    target::double as target,
    comparison,
    source,
    coalesce(illustrative::boolean, false) as illustrative
from read_csv(
    $unit_targets_csv,
    header = true,
    all_varchar = true,
    columns = {
        'unit_id': 'varchar',
        'year': 'varchar',
        'indicator_code': 'varchar',
        'target': 'varchar',
        'comparison': 'varchar',
        'source': 'varchar',
        'illustrative': 'varchar'
    }
)
