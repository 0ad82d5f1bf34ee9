-- Local development only (scripts/infra.sh). FerretDB 1.24 on PostgreSQL filters with
-- `_jsonb->'field' @> value`, which the btree indexes it creates on (_jsonb->'field') cannot
-- serve. This event trigger gives every btree index FerretDB creates a GIN twin on each of its
-- expressions, which can. With plan_cache_mode = force_custom_plan on the database (set beside
-- this), the planner sees the field name as a literal and matches the expression.
CREATE OR REPLACE FUNCTION checkout_gin_twins() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  command record;
  column_number int;
  expression text;
BEGIN
  FOR command IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    CONTINUE WHEN (SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = command.objid) <> 'btree';
    FOR column_number IN 1 .. (SELECT indnatts FROM pg_index WHERE indexrelid = command.objid) LOOP
      expression := pg_get_indexdef(command.objid, column_number, true);
      CONTINUE WHEN expression NOT LIKE '%_jsonb%->%';
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s))',
        left((SELECT relname FROM pg_class WHERE oid = command.objid), 50) || '_gin' || column_number,
        (SELECT indrelid::regclass FROM pg_index WHERE indexrelid = command.objid),
        expression
      );
    END LOOP;
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS checkout_gin_twins;
CREATE EVENT TRIGGER checkout_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION checkout_gin_twins();

ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;
