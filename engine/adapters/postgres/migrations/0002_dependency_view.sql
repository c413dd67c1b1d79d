-- A view for querying dependencies of submitted tasks without knowing the edge table's layout:
-- SELECT parent_task_id FROM task_dependencies WHERE task_id = 'x'.
CREATE VIEW task_dependencies AS
  SELECT e.dag_id, e.child_task_id AS task_id, e.parent_task_id, e.ordinal
  FROM task_edges e;
