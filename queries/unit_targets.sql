-- unit_targets: the targets assigned to single units ("chỉ tiêu được giao") for the years in a
-- range (fractions), with how they are compared, their source and whether they are illustrative.
-- Where a unit has one it replaces the national target (targets) for that unit.
-- params: $first_year, $last_year (int). Grain: one row per unit, year and indicator.
select unit_id, year, indicator_code, target, comparison, source, illustrative
from unit_targets
where year between $first_year and $last_year
order by year, indicator_code, unit_id
