-- agentsched schema, version 1: DAG versions, submissions with their tasks and dependency edges as
-- rows, agents and their tokens, task attempts and outcomes, the engine event log, and users, roles
-- and hashed API tokens. Times are engine clock milliseconds since the epoch (bigint).

CREATE TABLE dag_versions (
  dag_id          text    NOT NULL,
  version         integer NOT NULL CHECK (version >= 1),
  parent_version  integer,
  message         text    NOT NULL,
  created_at_ms   bigint  NOT NULL,
  author          text,
  labels          jsonb,
  PRIMARY KEY (dag_id, version),
  FOREIGN KEY (dag_id, parent_version) REFERENCES dag_versions (dag_id, version)
);

CREATE TABLE dag_version_tasks (
  dag_id        text    NOT NULL,
  version       integer NOT NULL,
  ordinal       integer NOT NULL,
  task_id       text    NOT NULL,
  type          text    NOT NULL,
  work_units    double precision NOT NULL,
  cpu_demand    double precision NOT NULL,
  memory_mb     double precision NOT NULL,
  input_bytes   double precision NOT NULL,
  output_bytes  double precision NOT NULL,
  priority      double precision NOT NULL,
  deadline_ms   double precision,
  requires      text[],
  affinity      jsonb,
  reads         text[],
  writes        text[],
  PRIMARY KEY (dag_id, version, task_id),
  UNIQUE (dag_id, version, ordinal),
  FOREIGN KEY (dag_id, version) REFERENCES dag_versions (dag_id, version) ON DELETE CASCADE
);

-- One row per dependency: child_task_id depends on parent_task_id (ordinal: position in the child's parent list).
CREATE TABLE dag_version_edges (
  dag_id          text    NOT NULL,
  version         integer NOT NULL,
  child_task_id   text    NOT NULL,
  ordinal         integer NOT NULL,
  parent_task_id  text    NOT NULL,
  PRIMARY KEY (dag_id, version, child_task_id, ordinal),
  FOREIGN KEY (dag_id, version, child_task_id) REFERENCES dag_version_tasks (dag_id, version, task_id) ON DELETE CASCADE,
  FOREIGN KEY (dag_id, version, parent_task_id) REFERENCES dag_version_tasks (dag_id, version, task_id) ON DELETE CASCADE
);
CREATE INDEX dag_version_edges_parent ON dag_version_edges (dag_id, version, parent_task_id);

CREATE TABLE submissions (
  dag_id          text PRIMARY KEY,
  seq             bigserial UNIQUE,
  status          text   NOT NULL CHECK (status IN ('accepted', 'rejected', 'completed', 'cancelled')),
  submitted_at_ms bigint NOT NULL,
  submitted_by    text   NOT NULL,
  reason          text,
  failed_tasks    integer,
  finished_at_ms  bigint,
  labels          jsonb
);
CREATE INDEX submissions_status ON submissions (status, seq);

-- Tasks of submitted DAGs. Task ids are unique within a DAG (the core also refuses duplicates across DAGs,
-- but a refused submission is still recorded, so the key includes the DAG).
CREATE TABLE tasks (
  dag_id        text    NOT NULL REFERENCES submissions (dag_id) ON DELETE CASCADE,
  task_id       text    NOT NULL,
  ordinal       integer NOT NULL,
  type          text    NOT NULL,
  work_units    double precision NOT NULL,
  cpu_demand    double precision NOT NULL,
  memory_mb     double precision NOT NULL,
  input_bytes   double precision NOT NULL,
  output_bytes  double precision NOT NULL,
  priority      double precision NOT NULL,
  deadline_ms   double precision,
  requires      text[],
  affinity      jsonb,
  reads         text[],
  writes        text[],
  command       text,
  PRIMARY KEY (dag_id, task_id),
  UNIQUE (dag_id, ordinal)
);
CREATE INDEX tasks_task_id ON tasks (task_id);

CREATE TABLE task_edges (
  dag_id          text    NOT NULL,
  child_task_id   text    NOT NULL,
  ordinal         integer NOT NULL,
  parent_task_id  text    NOT NULL,
  PRIMARY KEY (dag_id, child_task_id, ordinal),
  FOREIGN KEY (dag_id, child_task_id) REFERENCES tasks (dag_id, task_id) ON DELETE CASCADE
);
CREATE INDEX task_edges_parent ON task_edges (dag_id, parent_task_id);

CREATE TABLE agents (
  agent_id         text PRIMARY KEY,
  cluster          text   NOT NULL,
  type             text   NOT NULL,
  capabilities     text[] NOT NULL,
  slots            integer NOT NULL,
  speed            double precision NOT NULL,
  memory_mb        double precision NOT NULL,
  power_idle_w     double precision NOT NULL,
  power_max_w      double precision NOT NULL,
  admin_state      text   NOT NULL CHECK (admin_state IN ('active', 'draining', 'isolated')),
  registered_at_ms bigint NOT NULL,
  last_seen_at_ms  bigint NOT NULL,
  overrides        jsonb
);

CREATE TABLE agent_tokens (
  agent_id      text PRIMARY KEY,
  token_sha256  text   NOT NULL CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  issued_at_ms  bigint NOT NULL
);

-- Assignments: one row per attempt of a task on an agent.
CREATE TABLE task_attempts (
  id              bigserial PRIMARY KEY,
  task_id         text    NOT NULL,
  dag_id          text    NOT NULL,
  agent_id        text    NOT NULL,
  attempt         integer NOT NULL CHECK (attempt >= 1),
  assigned_at_ms  bigint  NOT NULL
);
CREATE INDEX task_attempts_task ON task_attempts (task_id, id);
CREATE INDEX task_attempts_agent ON task_attempts (agent_id);

CREATE TABLE task_outcomes (
  id        bigserial PRIMARY KEY,
  task_id   text   NOT NULL,
  kind      text   NOT NULL CHECK (kind IN ('started', 'completed', 'failed', 'gave-up', 'cancelled')),
  at_ms     bigint NOT NULL,
  agent_id  text,
  attempt   integer,
  reason    text
);
CREATE INDEX task_outcomes_task ON task_outcomes (task_id, id);
CREATE INDEX task_outcomes_settled ON task_outcomes (task_id) WHERE kind IN ('completed', 'gave-up', 'cancelled');

CREATE TABLE engine_events (
  seq       bigint PRIMARY KEY,
  at_ms     bigint NOT NULL,
  kind      text   NOT NULL,
  type      text   NOT NULL,
  task_id   text,
  dag_id    text,
  agent_id  text,
  cluster   text,
  attempt   integer,
  detail    text,
  load      jsonb
);

CREATE TABLE roles (
  name        text PRIMARY KEY,
  description text NOT NULL
);
INSERT INTO roles (name, description) VALUES
  ('viewer', 'read-only access to tasks, DAGs, agents and statistics'),
  ('operator', 'viewer, plus submit and cancel work and manage agents'),
  ('admin', 'operator, plus change scheduling settings and issue tokens');

CREATE TABLE users (
  user_id        bigserial PRIMARY KEY,
  name           text   NOT NULL UNIQUE,
  created_at_ms  bigint NOT NULL
);

CREATE TABLE user_roles (
  user_id  bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  role     text   NOT NULL REFERENCES roles (name),
  PRIMARY KEY (user_id, role)
);

-- API tokens are stored as SHA-256 hex digests only; the plain token is shown once, when issued.
CREATE TABLE api_tokens (
  token_id       bigserial PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  name           text   NOT NULL,
  role           text   NOT NULL REFERENCES roles (name),
  token_sha256   text   NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at_ms  bigint NOT NULL,
  expires_at_ms  bigint,
  revoked_at_ms  bigint
);

-- Leader fencing: the highest fencing token a leader has claimed; writes from an older leader are refused.
CREATE TABLE engine_leader (
  id             integer PRIMARY KEY CHECK (id = 1),
  fencing_token  bigint NOT NULL,
  holder         text   NOT NULL,
  claimed_at_ms  bigint NOT NULL
);
