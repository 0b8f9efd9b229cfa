-- snapshot_difference: the stored values of two snapshots side by side (rates are derived, not stored),
-- with whether they differ; a value one snapshot lacks is null, never zero.
-- params: $first (text snapshot id), $second (text snapshot id). Grain: one row per period and indicator.
with first_values as (
    select v.period, v.indicator_code, v.value
    from snapshot_values as v
    join snapshots as s using (snapshot_key)
    where s.snapshot_id = $first
),
second_values as (
    select v.period, v.indicator_code, v.value
    from snapshot_values as v
    join snapshots as s using (snapshot_key)
    where s.snapshot_id = $second
),
final as (
    select
        coalesce(a.period, b.period) as period,
        coalesce(a.indicator_code, b.indicator_code) as indicator_code,
        a.value as first_value,
        b.value as second_value,
        b.value - a.value as difference,
        a.value is distinct from b.value as differs
    from first_values as a
    full join second_values as b on a.period = b.period and a.indicator_code = b.indicator_code
)
select f.*
from final as f
left join indicators as i on i.code = f.indicator_code
order by f.period, coalesce(i.display_order, 999), f.indicator_code
