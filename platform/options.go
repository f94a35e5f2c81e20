package platform

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Defaults and limits of Options.
const (
	DefaultRestoreWindow  = 72 * time.Hour
	MinRestoreWindow      = 24 * time.Hour
	MaxRestoreWindow      = 30 * 24 * time.Hour
	DefaultPurgeInterval  = 10 * time.Minute
	DefaultTombstoneTTL   = 30 * 24 * time.Hour
	DefaultStuckAfter     = 30 * time.Minute
	DefaultProvisionDelay = 2 * time.Second
	DefaultBudgetLimit    = 20
	DefaultBudgetWindow   = time.Hour
)

// Options configures a Platform. Zero durations take the defaults above.
type Options struct {
	// DSN selects the store: "postgres://…" or "postgresql://…", the scheme
	// in any letter case, is Postgres. Anything else is the path of a SQLite
	// file.
	DSN string
	// DataDir is the directory of the org token file, <DataDir>/org-token,
	// written with mode 0600 on first start. Empty means no file.
	DataDir string
	// RestoreWindow is how long a removed workspace can be restored:
	// 24 hours to 30 days.
	RestoreWindow time.Duration
	// PurgeInterval is the pause between runs of RunPurger.
	PurgeInterval time.Duration
	// TombstoneTTL is how long a purged workspace keeps its tombstone, so
	// reads return 410. After that they return 404.
	TombstoneTTL time.Duration
	// StuckAfter is how long active_tasks must stay above zero before reads
	// carry a session_likely_stuck warning.
	StuckAfter time.Duration
	// ProvisionDelay is how long a restarted or resumed workspace reports
	// "provisioning" before it reports "online".
	ProvisionDelay time.Duration
	// Seed is a JSON seed applied when the database is empty.
	Seed []byte
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
	// Logger receives start, purge and error logs; nil discards them.
	Logger *slog.Logger
	// Label names the instance in logs and in the /health body, such as
	// "sandbox".
	Label string
	// BudgetLimit and BudgetWindow bound destructive actions per credential:
	// at most BudgetLimit in any BudgetWindow. Zero means 20 per hour.
	BudgetLimit  int
	BudgetWindow time.Duration
}

func (o Options) withDefaults() (Options, error) {
	if o.RestoreWindow == 0 {
		o.RestoreWindow = DefaultRestoreWindow
	}
	if o.RestoreWindow < MinRestoreWindow || o.RestoreWindow > MaxRestoreWindow {
		return o, fmt.Errorf("invalid restore window %s: use a value from 24h to 720h (30 days)", o.RestoreWindow)
	}

	if o.PurgeInterval == 0 {
		o.PurgeInterval = DefaultPurgeInterval
	}
	if o.TombstoneTTL == 0 {
		o.TombstoneTTL = DefaultTombstoneTTL
	}
	if o.StuckAfter == 0 {
		o.StuckAfter = DefaultStuckAfter
	}
	if o.ProvisionDelay == 0 {
		o.ProvisionDelay = DefaultProvisionDelay
	}
	if o.BudgetLimit == 0 {
		o.BudgetLimit = DefaultBudgetLimit
	}
	if o.BudgetWindow == 0 {
		o.BudgetWindow = DefaultBudgetWindow
	}

	for name, d := range map[string]time.Duration{
		"purge interval": o.PurgeInterval, "tombstone TTL": o.TombstoneTTL, "stuck-after threshold": o.StuckAfter,
		"provision delay": o.ProvisionDelay, "budget window": o.BudgetWindow,
	} {
		if d < 0 {
			return o, fmt.Errorf("invalid %s %s: use a positive duration", name, d)
		}
	}
	if o.BudgetLimit < 0 {
		return o, fmt.Errorf("invalid budget limit %d: use a positive number", o.BudgetLimit)
	}

	if strings.TrimSpace(o.DSN) == "" {
		return o, fmt.Errorf("missing DSN: pass a postgres:// URL or the path of a SQLite file")
	}

	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o, nil
}

// isPostgres reports whether dsn selects the Postgres store.
func isPostgres(dsn string) bool {
	lower := strings.ToLower(dsn)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}
