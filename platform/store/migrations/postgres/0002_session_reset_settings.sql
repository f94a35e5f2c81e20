-- session_reset_at records when a restart with reset discarded the agent's
-- session volume, which the reference platform only simulates.
ALTER TABLE workspaces ADD COLUMN session_reset_at BIGINT;

-- platform_settings holds facts about the database itself, such as which
-- org token file belongs to it.
CREATE TABLE platform_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
