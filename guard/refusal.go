package guard

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Error codes in the "error" field of guard's JSON refusals.
const (
	CodeAuthenticationRequired = "authentication_required"
	CodeForbidden              = "destructive_action_forbidden"
	CodeResolverUnavailable    = "resolver_unavailable"
	CodeBudgetUnavailable      = "budget_unavailable"
	CodeBudgetExceeded         = "destructive_budget_exceeded"
	CodeRequiresConfirmation   = "destructive_action_requires_confirmation"
	CodeConfirmationMismatch   = "confirmation_mismatch"
	CodeReasonRequired         = "reason_required"
	CodePreconditionFailed     = "precondition_failed"
	CodeInvalidHeader          = "invalid_header"
	CodeInvalidBody            = "invalid_body"
	CodeBodyTooLarge           = "body_too_large"
	CodeBodyTimeout            = "body_timeout"
	CodeInvalidPath            = "invalid_path"
	CodeAuditUnavailable       = "audit_unavailable"
)

// Hints sent with confirmation and reason refusals.
const (
	hintConfirm  = "Re-send the same request with header X-Confirm-Name: <workspace name>"
	hintMismatch = "X-Confirm-Name must equal the workspace's current name exactly: case-sensitive, no trimming. " +
		"Send names that are not plain printable ASCII, or that have spaces at either end, as UTF-8'' followed by the percent-encoded UTF-8 bytes."
	hintReason = `Send body {"reason": "..."} explaining the deletion. Logged for audit.`
)

// Refusal is a rejected destructive request. It has already been audited and
// logged by the time Check returns it; serving it writes the JSON body and
// headers. Status and Code are the HTTP status and the "error" field.
type Refusal struct {
	Status int
	Code   string
	body   refusalBody
	header http.Header
}

// refusalBody is the JSON of a refusal. Pointer fields appear only when set,
// so that a count of zero is still written.
type refusalBody struct {
	Error         string   `json:"error"`
	Message       string   `json:"message,omitempty"`
	Hint          string   `json:"hint,omitempty"`
	Missing       []string `json:"missing,omitempty"`
	WorkspaceID   string   `json:"workspace_id,omitempty"`
	WorkspaceName string   `json:"workspace_name,omitempty"`
	ActiveTasks   *int     `json:"active_tasks,omitempty"`
	ChildCount    *int     `json:"child_count,omitempty"`
	ScheduleCount *int     `json:"schedule_count,omitempty"`
	MemoryCount   *int     `json:"memory_count,omitempty"`
	MinLength     *int     `json:"min_length,omitempty"`
	MaxLength     *int     `json:"max_length,omitempty"`
	ETag          *string  `json:"etag,omitempty"`
	RetryAfter    *int64   `json:"retry_after,omitempty"`
}

func newRefusal(status int, code, message string) *Refusal {
	return &Refusal{Status: status, Code: code, body: refusalBody{Error: code, Message: message}}
}

// ServeHTTP writes the refusal. Headers set by Check, such as the budget
// headers, are already on w.
func (f *Refusal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range f.header {
		w.Header()[k] = v
	}
	writeJSON(w, f.Status, f.body)
}

// MarshalJSON returns the body the refusal writes.
func (f *Refusal) MarshalJSON() ([]byte, error) {
	return json.Marshal(f.body)
}

func (f *Refusal) setHeader(key, value string) {
	if f.header == nil {
		f.header = http.Header{}
	}
	f.header.Set(key, value)
}

// WriteError writes the JSON error body {"error": code, "message": message}
// with status. Hosts may reuse it for their own errors. message goes to the
// client as given, so pass a fixed sentence, never err.Error() of an internal
// failure. An empty message is left out. When r carries a request id that
// w does not yet echo, WriteError sets X-Request-Id too.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if r != nil && w.Header().Get(HeaderRequestID) == "" {
		if id := RequestIDFromContext(r.Context()); id != "" {
			w.Header().Set(HeaderRequestID, id)
		}
	}
	writeJSON(w, status, refusalBody{Error: code, Message: message})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		// Only fixed-shape values reach here, so this is a programming error.
		data = []byte(`{"error":"internal_error"}`)
		status = http.StatusInternalServerError
	}
	data = append(data, '\n')

	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func intPtr(v int) *int { return &v }
