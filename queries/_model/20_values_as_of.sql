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
rates as (
    select
        n.snapshot_key,
        n.province_code,
        n.year,
        n.period,
        i.code as indicator_code,
        n.value / nullif(d.value, 0) as value
    from indicators as i
    join stored as n on n.indicator_code = i.numerator
    join stored as d
        on d.indicator_code = i.denominator
        and d.province_code = n.province_code
        and d.year = n.year
        and d.period = n.period
    where i.kind = 'rate'
)
select snapshot_key, province_code, year, period, indicator_code, value from stored
union all
select snapshot_key, province_code, year, period, indicator_code, value from rates
