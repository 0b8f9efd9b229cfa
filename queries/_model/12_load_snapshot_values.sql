-- Model step 12: every value of every snapshot (history included).
-- params: $snapshot_files (text[]). Skipped when there are no files.
insert into snapshot_values
select s.snapshot_key, v.province_code, v.year, v.period, v.indicator_code, v.value
from read_parquet($snapshot_files, filename = true) as v
join snapshots as s on s.file_name = v.filename
