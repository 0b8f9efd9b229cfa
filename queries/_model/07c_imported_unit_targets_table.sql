-- Model step 7c: an empty table for the own targets brought in as files (scoring/targets/), filled
-- by the next step when there are any. Grain: one row per file and indicator.
create or replace table imported_unit_targets (
    unit_id varchar,
    year integer,
    indicator_code varchar,
    target double,
    comparison varchar,
    source varchar,
    submitted_at varchar,
    file_name varchar
)
