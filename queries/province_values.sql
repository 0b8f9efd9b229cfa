-- province_values: one indicator in one year for every member of the bloc that year; a province
-- without a figure keeps its row with a null value (shown as "không có số liệu", never as zero).
-- The current figures, computed with the model (bloc_province_values); as they stood on a date:
-- province_values_as_of.
-- params: $bloc (text), $indicator (text), $year (int). Grain: one row per member province.
select * exclude (bloc_code, year, indicator_code)
from bloc_province_values
where bloc_code = $bloc and indicator_code = $indicator and year = $year
order by display_order
