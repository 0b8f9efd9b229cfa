-- available_years: the years that have any figure in the current data, newest first.
-- params: none. Grain: one row per year.
select distinct year::integer as year
from indicator_values
where period = 0
order by year desc
