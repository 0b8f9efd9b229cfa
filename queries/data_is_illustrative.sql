-- data_is_illustrative: whether any snapshot behind the figures of the chosen members and years,
-- counted the chosen way ($units: under 'current' the predecessors' too), is illustrative
-- (generated sample data), so a page says "Dữ liệu minh họa" only when it shows such figures.
-- $as_of null: the current snapshots; a timestamp (UTC): the snapshots that were current then.
-- params: $bloc (text), $units (text), $provinces (text[]), $first_year, $last_year (int),
-- $as_of (timestamp or null).
-- Grain: one row (illustrative: true when any snapshot behind the figures is illustrative).
with behind as (
    select distinct snapshot_key
    from figures_behind($bloc, $units, $provinces, $first_year, $last_year, $as_of)
)
select coalesce(bool_or(coalesce(s.illustrative, false)), false) as illustrative
from snapshots as s
join behind as b using (snapshot_key)
