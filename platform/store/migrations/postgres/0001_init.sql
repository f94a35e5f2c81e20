-- Times are stored as Unix microseconds (UTC) so that both dialects compare
-- and sort them as plain integers.
CREATE TABLE workspaces (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    role                 TEXT,
    tier                 BIGINT NOT NULL DEFAULT 1,
    status               TEXT NOT NULL,
    url                  TEXT NOT NULL DEFAULT '',
    parent_id            TEXT REFERENCES workspaces(id) ON DELETE SET NULL,
    active_tasks         BIGINT NOT NULL DEFAULT 0,
    active_since         BIGINT,
    max_concurrent_tasks BIGINT NOT NULL DEFAULT 1,
    last_error_rate      DOUBLE PRECISION NOT NULL DEFAULT 0,
    last_sample_error    TEXT NOT NULL DEFAULT '',
    uptime_seconds       BIGINT NOT NULL DEFAULT 0,
    current_task         TEXT NOT NULL DEFAULT '',
    runtime              TEXT NOT NULL DEFAULT '',
    workspace_dir        TEXT NOT NULL DEFAULT '',
    monthly_spend        DOUBLE PRECISION NOT NULL DEFAULT 0,
    budget_limit         DOUBLE PRECISION NOT NULL DEFAULT 0,
    x                    DOUBLE PRECISION NOT NULL DEFAULT 0,
    y                    DOUBLE PRECISION NOT NULL DEFAULT 0,
    collapsed            BOOLEAN NOT NULL DEFAULT FALSE,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    agent_card           TEXT NOT NULL DEFAULT '{}',
    last_outbound_at     BIGINT,
    provision_started_at BIGINT,
    status_before_removal TEXT,
    removed_at           BIGINT,
    restorable_until     BIGINT,
    deletion_id          TEXT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX workspaces_parent_idx ON workspaces(parent_id);
CREATE INDEX workspaces_removed_idx ON workspaces(restorable_until) WHERE status = 'removed';

CREATE TABLE schedules (
    id                   TEXT PRIMARY KEY,
    workspace_id         TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    cron_expr            TEXT NOT NULL,
    timezone             TEXT NOT NULL DEFAULT 'UTC',
    prompt               TEXT NOT NULL DEFAULT '',
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    last_run_at          BIGINT,
    next_run_at          BIGINT,
    run_count            BIGINT NOT NULL DEFAULT 0,
    last_status          TEXT NOT NULL DEFAULT '',
    last_error           TEXT NOT NULL DEFAULT '',
    source               TEXT NOT NULL DEFAULT 'api',
    disabled_by_deletion TEXT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX schedules_workspace_idx ON schedules(workspace_id);

CREATE TABLE memories (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    content      TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT 'workspace',
    namespace    TEXT NOT NULL DEFAULT 'default',
    created_at   BIGINT NOT NULL
);
CREATE INDEX memories_workspace_idx ON memories(workspace_id, created_at);

CREATE TABLE kv_memory (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    expires_at   BIGINT,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

-- workspace_id is NULL for org tokens.
CREATE TABLE tokens (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    workspace_id        TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
    prefix              TEXT NOT NULL,
    hash                TEXT NOT NULL UNIQUE,
    label               TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    revoked_at          BIGINT,
    revoked_by_deletion TEXT
);
CREATE INDEX tokens_workspace_idx ON tokens(workspace_id);

CREATE TABLE tombstones (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    removed_at     BIGINT,
    hard_purged_at BIGINT NOT NULL,
    deletion_id    TEXT
);
CREATE INDEX tombstones_purged_idx ON tombstones(hard_purged_at);
