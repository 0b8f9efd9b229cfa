-- Model step 10: empty tables for snapshots, their per-agency status and their values, filled by
-- the next steps.
create or replace table snapshots (
    snapshot_key integer primary key,
    snapshot_id varchar,
    province_code varchar,
    year integer,
    file_name varchar,
    submitted_at timestamp,
    submitted_by varchar,
    source_name varchar,
    source_sha256 varchar,
    illustrative boolean,
    note varchar
);
create or replace table snapshot_statuses (
    snapshot_key integer,
    agency varchar,
    status varchar,
    cut_date date
);
create or replace table snapshot_values (
    snapshot_key integer,
    province_code varchar,
    year smallint,
    period smallint,
    indicator_code varchar,
    value double
);
