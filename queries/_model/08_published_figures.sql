-- Model step 8: figures published in a citable source (the conference article).
-- params: $published_figures_csv (path). Grain: one row per bloc, year and indicator.
create or replace table published_figures as
select
    bloc_code,
    year::integer as year,
    indicator_code,
    value::double as value,
    source_vi,
    source_en
from read_csv($published_figures_csv, header = true, all_varchar = true)
