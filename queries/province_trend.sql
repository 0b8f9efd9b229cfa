-- province_trend: one indicator for the chosen members over a range of years, counted the chosen
-- way ($units: 'reported', each year by the units that existed then; 'current', today's units with
-- their history re-aggregated, a rate as the ratio of the summed parts), as shown after the chosen
-- normalisation, with the rate's parts (so an average over the shown members can be the ratio of
-- their sums), the coverage of a re-aggregated figure, and the snapshots behind it. A missing
-- figure keeps its row with a null value.
-- $provinces: province codes; under 'reported' a code stands for each unit that carried it in the
-- years shown (Đồng Nai to 2024, then the merged Đồng Nai). $normalisation: 'absolute'; 'per100k'
-- (per 100.000 inhabitants, approximate population, summed like the figure); 'share' (part of the
-- whole bloc's total that year). Rates are never normalised.
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $units (text), $indicator (text), $provinces (text[]), $first_year,
-- $last_year (int), $normalisation (text), $as_of (timestamp or null).
-- Grain: one row per chosen member unit and year in which it is a member of the bloc.
with chosen_indicator as (
    select * from indicators where code = $indicator
),
members as (
    select * from bloc_units($bloc, $units, $first_year, $last_year)
),
range_values as (
    select *
    from unit_values_at($units, $as_of)
    where indicator_code = $indicator and year between $first_year and $last_year
),
member_values as (
    select v.*
    from range_values as v
    join members as m on m.unit_id = v.unit_id and m.year = v.year
),
bloc_totals as (
    select year, sum(value) as total from member_values group by year
),
final as (
    select
        m.unit_id,
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
        case when m.is_former and $last_year > m.last_year then m.former_vi else m.name_vi end
            as label_vi,
        case when m.is_former and $last_year > m.last_year then m.former_en else m.name_en end
            as label_en,
        m.is_former,
        m.colour,
        m.display_order,
        m.year,
        case
            when i.kind = 'rate' or $normalisation = 'absolute' then v.value
            when $normalisation = 'per100k' then v.value / nullif(v.population, 0) * 100000
            when $normalisation = 'share' then v.value / nullif(b.total, 0)
        end as value,
        v.value as raw_value,
        v.numerator,
        v.denominator,
        v.population,
        coalesce(v.population_approximate, true) as population_approximate,
        coalesce(v.expected, 1) as expected,
        coalesce(v.reporting, 0) as reporting,
        coalesce(v.reporting < v.expected, false) as partial,
        v.missing_vi,
        v.missing_en,
        v.data_date,
        v.illustrative,
        coalesce(v.preliminary, false) as preliminary,
        v.cut_date
    from members as m
    cross join chosen_indicator as i
    left join member_values as v on v.unit_id = m.unit_id and v.year = m.year
    left join bloc_totals as b on b.year = m.year
    where list_contains($provinces, m.code)
)
select * from final order by year, display_order
