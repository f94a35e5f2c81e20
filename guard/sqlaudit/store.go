package sqlaudit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/guard"
)

// maxTokenPrefix is the longest actor token prefix that is stored. guard
// never passes more, and cutting here keeps a full token out of the table if
// a caller gets that wrong.
const maxTokenPrefix = 8

// Store is an audit log in the guard_audit_entries table. It implements
// guard.AuditLog and guard.TxAppender and is safe for concurrent use.
type Store struct {
	db *sql.DB
	d  Dialect

	// Now returns the time given to entries that have none. It defaults to
	// time.Now. Set it before the first Append, for example in tests.
	Now func() time.Time

	insert string
}

var (
	_ guard.AuditLog   = (*Store)(nil)
	_ guard.TxAppender = (*Store)(nil)
)

// New returns a Store on db, whose tables Migrate must have created. It
// panics if d is not SQLite or Postgres, because that is a programming error
// that no request could recover from.
func New(db *sql.DB, d Dialect) *Store {
	if !d.valid() {
		panic(fmt.Sprintf("sqlaudit: New: invalid dialect %v", d))
	}

	return &Store{
		db:     db,
		d:      d,
		Now:    time.Now,
		insert: d.rebind(insertEntry),
	}
}

const insertEntry = `INSERT INTO guard_audit_entries (
	id, occurred_at, action, outcome, error,
	actor_kind, actor_token_prefix, actor_label,
	workspace_id, workspace_name, reason, request_id, remote_addr, user_agent, impact, resource_id
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Append writes e on its own. A missing ID gets a UUIDv7 and a zero Time gets
// s.Now(). Times are stored in UTC with microsecond precision. Every error
// wraps guard.ErrAuditUnavailable, because the entry was not written.
func (s *Store) Append(ctx context.Context, e guard.Entry) error {
	return s.append(ctx, s.db, e)
}

// AppendTx writes e inside tx, so that the entry commits or rolls back with
// the action it records. It fills ID and Time like Append. Every error wraps
// guard.ErrAuditUnavailable, and the caller must then roll back tx.
func (s *Store) AppendTx(ctx context.Context, tx *sql.Tx, e guard.Entry) error {
	if tx == nil {
		return fmt.Errorf("sqlaudit: append audit entry: nil transaction: %w", guard.ErrAuditUnavailable)
	}
	return s.append(ctx, tx, e)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) append(ctx context.Context, ex execer, e guard.Entry) error {
	args, err := s.entryArgs(e)
	if err != nil {
		return fmt.Errorf("sqlaudit: append audit entry: %w: %w", err, guard.ErrAuditUnavailable)
	}

	if _, err := ex.ExecContext(ctx, s.insert, args...); err != nil {
		return fmt.Errorf("sqlaudit: append audit entry: %w: %w", err, guard.ErrAuditUnavailable)
	}
	return nil
}

// entryArgs validates e, fills its defaults and returns the insertEntry
// arguments in column order.
func (s *Store) entryArgs(e guard.Entry) ([]any, error) {
	if e.Action == "" {
		return nil, errors.New("missing action")
	}
	if e.Outcome == "" {
		return nil, errors.New("missing outcome")
	}

	if e.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, fmt.Errorf("generate entry id: %w", err)
		}
		e.ID = id.String()
	}
	if e.Time.IsZero() {
		e.Time = s.now()
	}

	var impact any
	if e.Impact != nil {
		b, err := json.Marshal(e.Impact)
		if err != nil {
			return nil, fmt.Errorf("encode impact: %w", err)
		}
		impact = string(b)
	}

	if len(e.ID) > maxIDLen {
		return nil, fmt.Errorf("entry id is %d bytes long: use at most %d", len(e.ID), maxIDLen)
	}

	// An entry without a resource stores NULL, as entries written before
	// the column existed have.
	var resourceID any
	if e.ResourceID != "" {
		resourceID = cleanText(e.ResourceID)
	}

	t := cleanText
	return []any{
		t(e.ID), s.d.timeArg(e.Time), t(string(e.Action)), t(string(e.Outcome)), t(e.Error),
		t(e.Actor.Kind), t(truncateRunes(e.Actor.TokenPrefix, maxTokenPrefix)), t(e.Actor.Label),
		t(e.WorkspaceID), t(e.WorkspaceName), t(e.Reason), t(e.RequestID), t(e.RemoteAddr), t(e.UserAgent), impact, resourceID,
	}, nil
}

// maxIDLen bounds entry ids so that every cursor Query issues stays within
// maxCursorLen.
const maxIDLen = 128

// cleanText replaces invalid UTF-8 and NUL bytes with U+FFFD. Postgres text
// rejects both, and a header value such as a Latin-1 User-Agent must not make
// the audit write, and with it the action, fail.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// entryColumns is the select list that scanEntry reads, in order.
const entryColumns = `id, occurred_at, action, outcome, error,
	actor_kind, actor_token_prefix, actor_label,
	workspace_id, workspace_name, reason, request_id, remote_addr, user_agent, impact, resource_id`

func scanEntry(rows *sql.Rows) (guard.Entry, error) {
	var (
		e       guard.Entry
		at      timeColumn
		action  string
		outcome string
		impact  sql.RawBytes
		// resource is NULL for entries without a resource.
		resource sql.NullString
	)
	err := rows.Scan(
		&e.ID, &at, &action, &outcome, &e.Error,
		&e.Actor.Kind, &e.Actor.TokenPrefix, &e.Actor.Label,
		&e.WorkspaceID, &e.WorkspaceName, &e.Reason, &e.RequestID, &e.RemoteAddr, &e.UserAgent, &impact, &resource,
	)
	if err != nil {
		return guard.Entry{}, err
	}

	e.Time = at.Time
	e.Action = guard.Action(action)
	e.Outcome = guard.Outcome(outcome)
	e.ResourceID = resource.String
	if impact != nil {
		e.Impact = new(guard.Impact)
		if err := json.Unmarshal(impact, e.Impact); err != nil {
			return guard.Entry{}, fmt.Errorf("decode impact of entry %s: %w", e.ID, err)
		}
	}
	return e, nil
}
