-- province_trend: one indicator for the chosen provinces over a range of years, as shown after the
-- chosen normalisation, with the rate's parts (so an average over the shown provinces can be the ratio
-- of their sums) and the snapshot behind each figure. A missing figure keeps its row with a null value.
-- $normalisation: 'absolute'; 'per100k' (counts and amounts per 100.000 inhabitants, approximate
-- population); 'share' (part of the whole bloc's total that year). Rates are never normalised.
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $indicator (text), $provinces (text[]), $first_year, $last_year (int),
-- $normalisation (text), $as_of (timestamp or null).
-- Grain: one row per chosen province and year in which it is a member of the bloc.
with chosen_indicator as (
    select * from indicators where code = $indicator
),
needed_codes as (
    select code from chosen_indicator
    union select numerator from chosen_indicator where numerator is not null
    union select denominator from chosen_indicator where denominator is not null
),
members as (
    select code, name_vi, name_en, short_vi, short_en, colour, display_order, year
    from bloc_member_years($bloc, $first_year, $last_year)
),
range_values as (
    select province_code, year, indicator_code, value, snapshot_key
    from values_at($as_of)
    where period = 0 and year between $first_year and $last_year
        and indicator_code in (select code from needed_codes)
),
member_values as (
    select v.*
    from range_values as v
    join members as m on m.code = v.province_code and m.year = v.year
),
bloc_totals as (
    select year, sum(value) as total
    from member_values
    where indicator_code = $indicator
    group by year
),
final as (
    select
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
        m.colour,
        m.display_order,
        m.year,
        case
            when i.kind = 'rate' or $normalisation = 'absolute' then v.value
            when $normalisation = 'per100k' then v.value / nullif(pop.population, 0) * 100000
            when $normalisation = 'share' then v.value / nullif(b.total, 0)
        end as value,
        v.value as raw_value,
        n.value as numerator,
        d.value as denominator,
        pop.population,
        coalesce(pop.approximate, true) as population_approximate,
        s.submitted_at as data_date,
        s.illustrative
    from members as m
    cross join chosen_indicator as i
    left join member_values as v
        on v.province_code = m.code and v.year = m.year and v.indicator_code = i.code
    left join member_values as n
        on n.province_code = m.code and n.year = m.year and n.indicator_code = i.numerator
    left join member_values as d
        on d.province_code = m.code and d.year = m.year and d.indicator_code = i.denominator
    left join bloc_totals as b on b.year = m.year
    left join population as pop on pop.province_code = m.code and pop.year = m.year
    left join snapshots as s on s.snapshot_key = v.snapshot_key
    where list_contains($provinces, m.code)
)
select * from final order by year, display_order
