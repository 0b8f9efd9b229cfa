-- Model step 9b: every unit's current unit: the unit of today it is part of (itself when it still
-- exists), followed through any number of successions. Grain: one row per unit.
create or replace table unit_lineage as
with recursive chain(unit_id, current_id, depth) as (
    select unit_id, unit_id, 0 from units
    union all
    select c.unit_id, s.successor_id, c.depth + 1
    from chain as c
    join unit_successions as s on s.predecessor_id = c.current_id
    where c.depth < 20
)
select unit_id, arg_max(current_id, depth) as current_id
from chain
group by unit_id
