-- targets: national targets for the years in a range (fractions), with how they are compared and
-- their source. A year with no row has no recorded target.
-- params: $first_year, $last_year (int). Grain: one row per year and indicator.
select year, indicator_code, target, comparison, source
from targets
where year between $first_year and $last_year
order by year, indicator_code
