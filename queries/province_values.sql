-- province_values: one indicator in one year for every member of the bloc that year, counted the
-- chosen way ($units: 'reported', the units as they reported; 'current', today's units with their
-- history re-aggregated); a member without a figure keeps its row with a null value (shown as
-- "không có số liệu", never as zero), a partial figure says which predecessors are missing.
-- The current figures, computed with the model (bloc_unit_values); as they stood on a date:
-- province_values_as_of.
-- params: $bloc (text), $units (text), $indicator (text), $year (int).
-- Grain: one row per member unit.
select * exclude (bloc_code, units, year, indicator_code, missing)
from bloc_unit_values
where bloc_code = $bloc and units = $units and indicator_code = $indicator and year = $year
order by display_order
