-- names_in_vietnamese_order: the given names sorted with Vietnamese collation (Đ after D, not after Z).
-- params: $names (text[]). Grain: one row per name.
select name
from unnest($names) as t(name)
order by name collate vi, name
