-- Model step 20: values_as_of(as_of) — the values as they stood at a moment (null: the latest).
-- For each province code, year and agency (STP, THA), the state is the latest *final* snapshot
-- submitted at or before `as_of` that holds the agency's figures, or the latest preliminary one
-- while no final one exists (a final snapshot supersedes a preliminary one). Rates are derived
-- from their parts in that same snapshot (never stored, never averaged). Each value names its unit:
-- the one unit with that code valid in that year (units.first_year / last_year).
-- Grain: one row per province code, year, period and indicator.
create or replace macro values_as_of(as_of) as table
with chosen_snapshots as (
    select a.snapshot_key, a.agency, a.status, a.cut_date
    from snapshots as s
    join snapshot_statuses as a using (snapshot_key)
    where as_of is null or s.submitted_at <= as_of
    qualify row_number() over (
        partition by s.province_code, s.year, a.agency
        order by a.status = 'final' desc, s.submitted_at desc, s.snapshot_id desc
    ) = 1
),
stored as (
    select v.*, c.status, c.cut_date
    from snapshot_values as v
    join indicators as i on i.code = v.indicator_code and i.kind <> 'rate'
    join chosen_snapshots as c on c.snapshot_key = v.snapshot_key and c.agency = i.agency
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
            / nullif(sum(s.value) filter (where not p.is_numerator), 0) as value,
        any_value(s.status) as status,
        any_value(s.cut_date) as cut_date
    from stored as s
    join rate_parts as p on p.part_code = s.indicator_code
    group by s.snapshot_key, s.province_code, s.year, s.period, p.indicator_code
    having count(*) filter (where p.is_numerator) > 0
        and count(*) filter (where not p.is_numerator) > 0
),
both_kinds as (
    select snapshot_key, province_code, year, period, indicator_code, value, status, cut_date
    from stored
    union all
    select snapshot_key, province_code, year, period, indicator_code, value, status, cut_date
    from rates
)
select b.*, u.unit_id
from both_kinds as b
left join units as u
    on u.code = b.province_code
    and (u.first_year is null or b.year >= u.first_year)
    and (u.last_year is null or b.year <= u.last_year)
