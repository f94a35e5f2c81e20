package guard

import (
	"log/slog"
)

// maxLoggedReason bounds the reason in log lines; the audit entry keeps it
// whole.
const maxLoggedReason = 80

// logAttrs returns the attributes every guard log line carries. The actor
// appears as kind and token prefix, never as a token.
func (a *attempt) logAttrs() []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", a.requestID),
		slog.String("workspace_id", a.workspaceID),
		slog.String("actor", a.actor.Key()),
		slog.String("action", string(a.rule.Action)),
	}
}

func (g *Guard) logRefusal(a *attempt, f *Refusal) {
	attrs := append(a.logAttrs(),
		slog.Int("status", f.Status),
		slog.String("error", f.Code),
		slog.String("reason", truncateRunes(a.reason, maxLoggedReason)),
	)
	g.log.LogAttrs(a.ctx, slog.LevelInfo, "destructive request refused", attrs...)
}

func (g *Guard) logAllowed(a *attempt) {
	attrs := append(a.logAttrs(), slog.String("reason", truncateRunes(a.reason, maxLoggedReason)))
	g.log.LogAttrs(a.ctx, slog.LevelInfo, "destructive request allowed", attrs...)
}

func (g *Guard) logError(a *attempt, msg string, err error) {
	attrs := append(a.logAttrs(), slog.Any("err", err))
	g.log.LogAttrs(a.ctx, slog.LevelError, msg, attrs...)
}
