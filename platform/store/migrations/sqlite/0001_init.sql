-- Times are stored as Unix microseconds (UTC) so that both dialects compare
-- and sort them as plain integers.
CREATE TABLE workspaces (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    role                 TEXT,
    tier                 INTEGER NOT NULL DEFAULT 1,
    status               TEXT NOT NULL,
    url                  TEXT NOT NULL DEFAULT '',
    parent_id            TEXT REFERENCES workspaces(id) ON DELETE SET NULL,
    active_tasks         INTEGER NOT NULL DEFAULT 0,
    active_since         INTEGER,
    max_concurrent_tasks INTEGER NOT NULL DEFAULT 1,
    last_error_rate      REAL NOT NULL DEFAULT 0,
    last_sample_error    TEXT NOT NULL DEFAULT '',
    uptime_seconds       INTEGER NOT NULL DEFAULT 0,
    current_task         TEXT NOT NULL DEFAULT '',
    runtime              TEXT NOT NULL DEFAULT '',
    workspace_dir        TEXT NOT NULL DEFAULT '',
    monthly_spend        REAL NOT NULL DEFAULT 0,
    budget_limit         REAL NOT NULL DEFAULT 0,
    x                    REAL NOT NULL DEFAULT 0,
    y                    REAL NOT NULL DEFAULT 0,
    collapsed            BOOLEAN NOT NULL DEFAULT FALSE,
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    agent_card           TEXT NOT NULL DEFAULT '{}',
    last_outbound_at     INTEGER,
    provision_started_at INTEGER,
    status_before_removal TEXT,
    removed_at           INTEGER,
    restorable_until     INTEGER,
    deletion_id          TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
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
    last_run_at          INTEGER,
    next_run_at          INTEGER,
    run_count            INTEGER NOT NULL DEFAULT 0,
    last_status          TEXT NOT NULL DEFAULT '',
    last_error           TEXT NOT NULL DEFAULT '',
    source               TEXT NOT NULL DEFAULT 'api',
    disabled_by_deletion TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX schedules_workspace_idx ON schedules(workspace_id);

CREATE TABLE memories (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    content      TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT 'workspace',
    namespace    TEXT NOT NULL DEFAULT 'default',
    created_at   INTEGER NOT NULL
);
CREATE INDEX memories_workspace_idx ON memories(workspace_id, created_at);

CREATE TABLE kv_memory (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    expires_at   INTEGER,
    updated_at   INTEGER NOT NULL,
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
    created_at          INTEGER NOT NULL,
    revoked_at          INTEGER,
    revoked_by_deletion TEXT
);
CREATE INDEX tokens_workspace_idx ON tokens(workspace_id);

CREATE TABLE tombstones (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    removed_at     INTEGER,
    hard_purged_at INTEGER NOT NULL,
    deletion_id    TEXT
);
CREATE INDEX tombstones_purged_idx ON tombstones(hard_purged_at);
