-- Model step 26: each bloc's totals per view and year (bloc_values_at(as_of); the table bloc_values
-- holds the current figures). Counts and amounts are sums over the members' figures; a rate is the
-- ratio of the sums of its parts over the members reporting both. In the 'current' view the members
-- are today's, with their re-aggregated history. `units_with_figure` members gave one,
-- `units_partial` of them only in part (a predecessor missing), so the total is partial too.
-- Grain: one row per bloc, view, year and indicator.
create or replace macro bloc_values_at(as_of) as table
with member_values as (
    select m.bloc_code, v.*
    from all_unit_values_at(as_of) as v
    join bloc_members as m
        on m.unit_id = v.unit_id
        and (
            (v.units = 'reported' and v.year >= m.first_year
                and (m.last_year is null or v.year <= m.last_year))
            or (v.units = 'current' and m.last_year is null)
        )
)
select
    v.bloc_code,
    v.units,
    v.year,
    v.indicator_code,
    case
        when any_value(i.kind) = 'rate' then sum(v.numerator) / nullif(sum(v.denominator), 0)
        else sum(v.value)
    end as value,
    sum(v.numerator) as numerator,
    sum(v.denominator) as denominator,
    count(*) as units_with_figure,
    count(*) filter (where v.reporting < v.expected) as units_partial,
    max(v.data_date) as data_date,
    bool_or(v.illustrative) as illustrative,
    bool_or(v.preliminary) as preliminary,
    max(v.cut_date) as cut_date
from member_values as v
join indicators as i on i.code = v.indicator_code
group by v.bloc_code, v.units, v.year, v.indicator_code;
create or replace table bloc_values as
select * from bloc_values_at(null)
