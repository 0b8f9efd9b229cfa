-- Model step 21: the current values, materialised once per data version for fast queries.
-- Grain: one row per province, year, period and indicator.
create or replace table indicator_values as
select * from values_as_of(null)
order by indicator_code, year, province_code, period
