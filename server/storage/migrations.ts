import { SEED_ORGANISATIONS, UN_MEMBER_STATES } from "./unMemberStates.ts";

const sqlText = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const seededDelegations = [
  ...UN_MEMBER_STATES.map(([code, name]) => `(${sqlText(code)}, ${sqlText(name)}, 'state')`),
  ...SEED_ORGANISATIONS.map(([code, name, kind]) => `(${sqlText(code)}, ${sqlText(name)}, ${sqlText(kind)})`),
].join(",\n    ");

/**
 * Versioned schema migrations. Each entry runs once, in order, inside a
 * transaction; `PRAGMA user_version` records how many have run. Never edit a
 * migration that has shipped: add a new one.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE delegations (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'organisation'))
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    delegation TEXT NOT NULL REFERENCES delegations(code),
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX sessions_user ON sessions(user_id);

  CREATE TABLE working_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE memberships (
    group_id TEXT NOT NULL REFERENCES working_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'member', 'observer')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX memberships_user ON memberships(user_id);

  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES working_groups(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX drafts_group ON drafts(group_id);

  CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'review', 'agreed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX sections_draft ON sections(draft_id, position);

  CREATE TABLE section_penholders (
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (section_id, user_id)
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    actor_delegation TEXT,
    group_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_group ON audit_log(group_id, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

  -- Every accepted Yjs update, appended before anyone sees it; compacted into
  -- document_snapshots in the background. Loading = snapshot + later updates.
  CREATE TABLE document_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX document_updates_document ON document_updates(document, id);

  CREATE TABLE document_snapshots (
    document TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  -- A removed section is kept (and restorable): nothing is lost by a click.
  ALTER TABLE sections ADD COLUMN removed_at INTEGER;
  ALTER TABLE sections ADD COLUMN removed_by TEXT;

  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    group_id TEXT NOT NULL REFERENCES working_groups(id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'member', 'observer')),
    invited_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT REFERENCES users(id)
  );
  CREATE INDEX invitations_group ON invitations(group_id);
  `,
  `
  -- Discussion threads live in the discussion:<draftId> Yjs document; this
  -- index only says which draft (and section) a thread id belongs to, so
  -- /api/threads/:id routes find the document and check access.
  CREATE TABLE discussion_threads (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'proposal')),
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX discussion_threads_draft ON discussion_threads(draft_id);

  -- The mentions inbox: one row per person mentioned in a comment.
  CREATE TABLE mentions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id TEXT NOT NULL REFERENCES discussion_threads(id) ON DELETE CASCADE,
    comment_id TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    excerpt TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (comment_id, user_id)
  );
  CREATE INDEX mentions_user ON mentions(user_id, created_at);
  `,
  `
  -- INSERT OR REPLACE deletes the old row without firing delete triggers:
  -- refuse an insert that reuses an existing entry's id.
  CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN NEW.id IN (SELECT id FROM audit_log)
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  `
  -- Square brackets: a contested passage of a section (anchored like a
  -- discussion thread) with competing wordings. Resolved brackets stay.
  CREATE TABLE brackets (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    anchor_start TEXT NOT NULL,
    anchor_end TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_by_delegation TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('chosen', 'withdrawn')),
    chosen_option_id TEXT,
    resolved_text TEXT,
    resolved_by TEXT REFERENCES users(id),
    resolved_by_delegation TEXT,
    resolved_at INTEGER
  );
  CREATE INDEX brackets_draft ON brackets(draft_id, created_at);
  CREATE INDEX brackets_open_section ON brackets(section_id) WHERE status = 'open';

  CREATE TABLE bracket_options (
    id TEXT PRIMARY KEY,
    bracket_id TEXT NOT NULL REFERENCES brackets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    delegation TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    UNIQUE (bracket_id, position)
  );

  -- One stance per delegation per option; recording another replaces it.
  CREATE TABLE bracket_stances (
    option_id TEXT NOT NULL REFERENCES bracket_options(id) ON DELETE CASCADE,
    delegation TEXT NOT NULL,
    stance TEXT NOT NULL CHECK (stance IN ('support', 'object')),
    user_id TEXT NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    PRIMARY KEY (option_id, delegation)
  );

  -- Silence procedures; at most one running per draft. Ending one is a
  -- conditional update (WHERE status = 'running'), so it ends exactly once.
  CREATE TABLE silence_procedures (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    until INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'broken', 'adopted', 'withdrawn')),
    started_by TEXT NOT NULL REFERENCES users(id),
    started_by_delegation TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    ended_by TEXT REFERENCES users(id),
    ended_by_delegation TEXT,
    reason TEXT
  );
  CREATE INDEX silence_draft ON silence_procedures(draft_id, started_at);
  CREATE UNIQUE INDEX silence_one_running ON silence_procedures(draft_id) WHERE status = 'running';
  `,
  `
  -- Delegations gain the secretariat kind (the CHECK is rebuilt: foreign keys
  -- are off while migrations run, and checked before they commit), and every
  -- UN member state is listed. Names already set by an admin are kept.
  CREATE TABLE delegations_new (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'organisation', 'secretariat')),
    created_at INTEGER
  );
  INSERT INTO delegations_new (code, name, kind) SELECT code, name, kind FROM delegations;
  DROP TABLE delegations;
  ALTER TABLE delegations_new RENAME TO delegations;
  INSERT INTO delegations (code, name, kind) VALUES
    ${seededDelegations}
    ON CONFLICT(code) DO NOTHING;
  UPDATE delegations SET kind = 'secretariat' WHERE code = 'UN';

  -- The inviter sets the invitee's delegation; invitations can be revoked, and
  -- die when their inviter loses the right to make them.
  ALTER TABLE invitations ADD COLUMN delegation TEXT REFERENCES delegations(code);
  ALTER TABLE invitations ADD COLUMN revoked_at INTEGER;
  ALTER TABLE invitations ADD COLUMN revoked_by TEXT REFERENCES users(id);
  ALTER TABLE invitations ADD COLUMN invalidated_at INTEGER;
  ALTER TABLE invitations ADD COLUMN invalidated_reason TEXT;

  -- Single-use password reset links made by the admin; only a hash of the token is stored.
  CREATE TABLE password_resets (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX password_resets_user ON password_resets(user_id);
  `,
  `
  -- A draft may turn paragraph numbers (3.1, 3.2) off; sections stay numbered.
  ALTER TABLE drafts ADD COLUMN paragraph_numbers INTEGER NOT NULL DEFAULT 1;

  -- Who wrote what, as the server saw it: recorded in the transaction that
  -- makes an update durable, from the user of the connection that sent it
  -- (never from what a client claims). Ranges of Yjs clocks per client id;
  -- kept when the log is compacted into a snapshot.
  CREATE TABLE document_authorship (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('insert', 'delete')),
    client INTEGER NOT NULL,
    clock_start INTEGER NOT NULL,
    clock_end INTEGER NOT NULL,
    user_id TEXT,
    delegation TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX document_authorship_document ON document_authorship(document, id);

  -- Named versions: the draft's title, order and section metadata and every
  -- section's Yjs state at one instant. Immutable.
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    created_by_delegation TEXT NOT NULL,
    title TEXT NOT NULL,
    paragraph_numbers INTEGER NOT NULL
  );
  CREATE INDEX versions_draft ON versions(draft_id, created_at);

  CREATE TABLE version_sections (
    version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    penholders TEXT NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (version_id, section_id)
  );
  CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
  CREATE TRIGGER version_sections_no_update BEFORE UPDATE ON version_sections
    BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
  `,
];
