-- bloc_headline: the bloc's headline indicators for a year and the year before, counted the chosen
-- way ($units: 'reported' or 'current'), with how many members gave each figure (in whole or in
-- part), the published figure where a citable source gives one ('reported' only), and the
-- snapshots behind, and whether the members are the units of the year before (else no change
-- is shown: across the 2025 merger the bloc, as reported, is other units); the current figures, computed with the model (bloc_headlines). As they stood
-- on a date: bloc_headline_as_of.
-- params: $bloc (text), $units (text), $year (int). Grain: one row per headline indicator.
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
from bloc_headlines
where bloc_code = $bloc and units = $units and year = $year
order by display_order
