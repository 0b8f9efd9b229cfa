-- snapshot_file_readable: every value of the given snapshot files decoded once, to find a file whose data pages cannot be read (`check`, and `Store.open` when loading the files failed).
-- params: $files (text[]). Grain: one row.
select
    count(*) as rows,
    sum(length(province_code)) + sum(year) + sum(period) + sum(length(indicator_code)) as keys,
    sum(value) as total
from read_parquet($files)
