-- indicator_coverage: how much of the current data each catalog indicator has, and which codes in the
-- data are not in the catalog (kind null). Used to check the catalog against the data both ways.
-- params: none. Grain: one row per indicator code found in the catalog or the data.
with stored as (
    select indicator_code, count(*) as stored_rows
    from snapshot_values
    group by indicator_code
),
current as (
    select indicator_code, count(*) as current_rows, min(year) as first_year, max(year) as last_year
    from indicator_values
    group by indicator_code
),
final as (
    select
        coalesce(i.code, s.indicator_code, c.indicator_code) as indicator_code,
        i.kind,
        coalesce(s.stored_rows, 0) as stored_rows,
        coalesce(c.current_rows, 0) as current_rows,
        c.first_year,
        c.last_year
    from indicators as i
    full join stored as s on s.indicator_code = i.code
    full join current as c on c.indicator_code = coalesce(i.code, s.indicator_code)
)
select * from final order by indicator_code
