package sqlaudit_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"github.com/wsctl/wsctl/guard"
	"github.com/wsctl/wsctl/guard/sqlaudit"
)

// Example records a deletion and its audit entry in one transaction, so
// that neither happens without the other.
func Example() {
	dir, _ := os.MkdirTemp("", "sqlaudit-example")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "platform.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	ctx := context.Background()
	if err := sqlaudit.Migrate(ctx, db, sqlaudit.SQLite); err != nil {
		fmt.Println(err)
		return
	}
	store := sqlaudit.New(db, sqlaudit.SQLite)

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The host's own soft delete of the workspace would run here, in tx.
	entry := guard.Entry{
		Time:        time.Date(2025, 5, 1, 9, 30, 0, 0, time.UTC),
		Action:      guard.ActionWorkspaceDelete,
		Outcome:     guard.OutcomeAllowed,
		Actor:       guard.Actor{Kind: "org", TokenPrefix: "wsk_a1b2", Label: "ci-deploy"},
		WorkspaceID: "ws-1",
		Reason:      "replaced by ws-2",
	}
	if err := store.AppendTx(ctx, tx, entry); err != nil {
		tx.Rollback()
		fmt.Println(err)
		return
	}
	if err := tx.Commit(); err != nil {
		fmt.Println(err)
		return
	}

	page, err := store.Query(ctx, guard.AuditFilter{WorkspaceID: "ws-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range page.Entries {
		fmt.Println(e.Time.Format(time.RFC3339), e.Action, e.Outcome, e.Actor.Label, e.Reason)
	}
	// Output: 2025-05-01T09:30:00Z workspace.delete allowed ci-deploy replaced by ws-2
}

// ExampleBudget allows two destructive actions per hour for one credential.
func ExampleBudget() {
	dir, _ := os.MkdirTemp("", "sqlaudit-example")
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "platform.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	ctx := context.Background()
	if err := sqlaudit.Migrate(ctx, db, sqlaudit.SQLite); err != nil {
		fmt.Println(err)
		return
	}
	budget := sqlaudit.NewBudget(db, sqlaudit.SQLite, 2, time.Hour)

	start := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, minutes := range []int{0, 10, 20, 60} {
		state, ok, err := budget.Take(ctx, "org:wsk_a1b2", start.Add(time.Duration(minutes)*time.Minute))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("minute %d: ok=%v remaining=%d reset=%s\n", minutes, ok, state.Remaining, state.Reset.Format("15:04"))
	}
	// Output:
	// minute 0: ok=true remaining=1 reset=10:00
	// minute 10: ok=true remaining=0 reset=10:00
	// minute 20: ok=false remaining=0 reset=10:00
	// minute 60: ok=true remaining=0 reset=10:10
}
