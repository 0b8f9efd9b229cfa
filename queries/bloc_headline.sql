-- bloc_headline: the bloc's headline indicators for a year and the year before, with the published
-- figure where a citable source gives one, and the snapshots behind the figures; the current
-- figures, computed with the model (bloc_headlines). As they stood on a date: bloc_headline_as_of.
-- params: $bloc (text), $year (int). Grain: one row per headline indicator.
select
    indicator_code,
    value,
    previous_value,
    provinces_reporting,
    published_value,
    data_date,
    illustrative
from bloc_headlines
where bloc_code = $bloc and year = $year
order by display_order
