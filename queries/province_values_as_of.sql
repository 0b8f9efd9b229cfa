-- province_values_as_of: province_values as the figures stood at $as_of (a timestamp, UTC).
-- params: $bloc (text), $units (text), $indicator (text), $year (int), $as_of (timestamp).
-- Grain: one row per member unit.
select * exclude (bloc_code, units, year, indicator_code, missing)
from bloc_unit_values_at($as_of)
where bloc_code = $bloc and units = $units and indicator_code = $indicator and year = $year
order by display_order
