-- Model step 9: which units became which (NQ 202/2025/QH15, effective 1/7/2025).
-- params: $unit_successions_csv (path). Grain: one row per predecessor.
create or replace table unit_successions as
select
    predecessor_id,
    successor_id,
    effective::date as effective,
    source,
    confirmed::boolean as confirmed
from read_csv($unit_successions_csv, header = true, all_varchar = true)
