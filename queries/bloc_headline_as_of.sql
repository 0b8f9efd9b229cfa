-- bloc_headline_as_of: bloc_headline as the figures stood at $as_of (a timestamp, UTC): each
-- member's state by then (the latest final snapshot, else the latest preliminary one), counted the
-- chosen way, the bloc's totals the sums (a rate the ratio of the sums of its parts).
-- params: $bloc (text), $units (text), $year (int), $as_of (timestamp).
-- Grain: one row per headline indicator.
select
    indicator_code,
    value,
    previous_value,
    members,
    units_with_figure,
    units_partial,
    published_value,
    same_members_as_before,
    data_date,
    illustrative,
    preliminary,
    cut_date
from bloc_headlines_at($as_of)
where bloc_code = $bloc and units = $units and year = $year
order by display_order
