-- Model step 2: emulation blocs. params: $blocs_csv (path). Grain: one row per bloc.
create or replace table blocs as
select code, name_vi, name_en, short_vi, short_en
from read_csv($blocs_csv, header = true, all_varchar = true)
