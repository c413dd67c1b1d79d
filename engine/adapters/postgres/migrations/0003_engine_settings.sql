-- Settings an operator changed at run time (placement strategy and weights), re-applied after a restart.
CREATE TABLE engine_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at_ms bigint NOT NULL
);
