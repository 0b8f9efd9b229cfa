-- national_results: the nation's results for the years in a range (fractions), each publication
-- with its source and when it was reported, in the order they were published.
-- params: $first_year, $last_year (int). Grain: one row per year, indicator and publication.
select year, indicator_code, value, source, reported, note
from national_results
where year between $first_year and $last_year
order by year, indicator_code, publication_order
