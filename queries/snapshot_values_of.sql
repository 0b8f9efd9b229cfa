-- snapshot_values_of: the values one snapshot holds (stored indicators only; rates are derived).
-- params: $snapshot_id (text). Grain: one row per period and indicator.
select v.period, v.indicator_code, v.value
from snapshot_values as v
join snapshots as s using (snapshot_key)
where s.snapshot_id = $snapshot_id
order by v.period, v.indicator_code
