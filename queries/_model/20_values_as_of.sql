-- Model step 20: values_as_of(as_of) — the values as they stood at a moment (null: the latest).
-- For each (province, year) the latest snapshot submitted at or before `as_of` is the state; rates
-- are derived from their parts in that same snapshot (never stored, never averaged).
-- Grain: one row per province, year, period and indicator.
create or replace macro values_as_of(as_of) as table
with chosen_snapshots as (
    select snapshot_key
    from snapshots
    where as_of is null or submitted_at <= as_of
    qualify row_number() over (
        partition by province_code, year order by submitted_at desc, snapshot_id desc
    ) = 1
),
stored as (
    select v.*
    from snapshot_values as v
    join chosen_snapshots using (snapshot_key)
    join indicators as i on i.code = v.indicator_code and i.kind <> 'rate'
),
rate_parts as (
    select code as indicator_code, numerator as part_code, true as is_numerator
    from indicators
    where kind = 'rate'
    union all
    select code, denominator, false from indicators where kind = 'rate'
),
rates as (
    -- One pass over the parts (an aggregate, not a self-join): a rate exists where both parts do.
    select
        s.snapshot_key,
        s.province_code,
        s.year,
        s.period,
        p.indicator_code,
        sum(s.value) filter (where p.is_numerator)
            / nullif(sum(s.value) filter (where not p.is_numerator), 0) as value
    from stored as s
    join rate_parts as p on p.part_code = s.indicator_code
    group by all
    having count(*) filter (where p.is_numerator) > 0
        and count(*) filter (where not p.is_numerator) > 0
)
select snapshot_key, province_code, year, period, indicator_code, value from stored
union all
select snapshot_key, province_code, year, period, indicator_code, value from rates
