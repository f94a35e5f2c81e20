package guard

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultBudgetLimit     = 20
	DefaultBudgetWindow    = time.Hour
	DefaultMinReasonLen    = 8
	DefaultMaxReasonLen    = 1000
	DefaultMaxBodyBytes    = 64 << 10
	DefaultBodyReadTimeout = 5 * time.Second
)

// Config configures a Guard. Resolver, Actor and Audit are required; every
// other zero field gets the default named in its comment.
type Config struct {
	// Resolver looks up the workspace named by the {id} of a matched rule.
	Resolver Resolver
	// Actor identifies the credential of a request.
	Actor ActorFunc
	// Authorize decides whether an identified actor may perform a
	// destructive action. nil lets every identified actor.
	Authorize AuthorizeFunc
	// Audit stores refused and allowed attempts. When it also implements
	// TxAppender, allowed entries are written by the host through
	// CommitAuditTx in the transaction of the action; otherwise guard appends
	// them before the host runs. See CommitAuditTx.
	Audit AuditLog
	// Budget limits destructive actions per actor. nil means
	// NewMemoryBudget(20, time.Hour), which is per process: replicas behind a
	// load balancer need a shared Budget.
	Budget Budget
	// Rules lists the destructive requests. nil means DefaultRules().
	Rules []Rule
	// Clock returns the current time. nil means time.Now.
	Clock func() time.Time
	// Logger receives refusals and allowed requests at info, Finish's
	// non-atomic audit fallback at warn, and failures at error. nil means
	// slog.Default().
	Logger *slog.Logger
	// EchoExpectedName includes the workspace's name in confirmation
	// refusals as "workspace_name". Leave it off where the name itself is
	// sensitive or where a script could copy it back without reading it.
	EchoExpectedName bool
	// MinReasonLen and MaxReasonLen bound the reason in runes, after
	// trimming white space. 0 means 8 and 1000.
	MinReasonLen, MaxReasonLen int
	// MaxBodyBytes bounds the body guard reads from a destructive request.
	// 0 means 64 KiB. Larger bodies get 413.
	MaxBodyBytes int64
	// BodyReadTimeout bounds how long guard waits for that body. 0 means 5 s.
	BodyReadTimeout time.Duration
}

// Guard enforces confirmation, reason, precondition and budget checks on
// destructive requests and audits every attempt. Create it with New; it is
// safe for concurrent use.
type Guard struct {
	cfg     Config
	rules   []compiledRule
	methods []string // distinct rule methods, for the fast pass-through test
	txAudit TxAppender
	log     *slog.Logger
	now     func() time.Time
}

// New checks cfg, applies defaults and compiles the rules. It returns an
// error naming the first invalid field.
func New(cfg Config) (*Guard, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.applyDefaults()

	g := &Guard{cfg: cfg, log: cfg.Logger, now: cfg.Clock}
	for _, r := range cfg.Rules {
		c, err := compileRule(r)
		if err != nil {
			return nil, err
		}
		g.rules = append(g.rules, c)
		if !containsFold(g.methods, r.Method) {
			g.methods = append(g.methods, r.Method)
		}
	}
	g.txAudit, _ = cfg.Audit.(TxAppender)
	return g, nil
}

func (cfg *Config) validate() error {
	var errs []error
	if cfg.Resolver == nil {
		errs = append(errs, errors.New("guard: Config.Resolver is required; pass a Resolver that looks up workspaces by id"))
	}
	if cfg.Actor == nil {
		errs = append(errs, errors.New("guard: Config.Actor is required; pass an ActorFunc that reads the authenticated credential"))
	}
	if cfg.Audit == nil {
		errs = append(errs, errors.New("guard: Config.Audit is required; pass an AuditLog"))
	}
	if cfg.MinReasonLen < 0 || cfg.MaxReasonLen < 0 {
		errs = append(errs, fmt.Errorf("guard: reason limits must not be negative, got MinReasonLen=%d MaxReasonLen=%d", cfg.MinReasonLen, cfg.MaxReasonLen))
	}
	minLen, maxLen := orDefault(cfg.MinReasonLen, DefaultMinReasonLen), orDefault(cfg.MaxReasonLen, DefaultMaxReasonLen)
	if minLen > maxLen {
		errs = append(errs, fmt.Errorf("guard: MinReasonLen %d is above MaxReasonLen %d; lower the minimum or raise the maximum", minLen, maxLen))
	}
	if cfg.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("guard: MaxBodyBytes must not be negative, got %d", cfg.MaxBodyBytes))
	}
	if cfg.BodyReadTimeout < 0 {
		errs = append(errs, fmt.Errorf("guard: BodyReadTimeout must not be negative, got %s", cfg.BodyReadTimeout))
	}
	if cfg.Rules != nil && len(cfg.Rules) == 0 {
		errs = append(errs, errors.New("guard: Config.Rules is empty, so nothing would be guarded; leave it nil for DefaultRules()"))
	}
	return errors.Join(errs...)
}

func (cfg *Config) applyDefaults() {
	if cfg.Budget == nil {
		cfg.Budget = NewMemoryBudget(DefaultBudgetLimit, DefaultBudgetWindow)
	}
	if cfg.Rules == nil {
		cfg.Rules = DefaultRules()
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.MinReasonLen = orDefault(cfg.MinReasonLen, DefaultMinReasonLen)
	cfg.MaxReasonLen = orDefault(cfg.MaxReasonLen, DefaultMaxReasonLen)
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.BodyReadTimeout == 0 {
		cfg.BodyReadTimeout = DefaultBodyReadTimeout
	}
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
