// Package client is the typed HTTP client for the agent-workspace platform
// API that wsctl drives.
//
// It works against two kinds of server. The base platform enforces no
// confirmation and lacks the restore, purge, impact and audit endpoints.
// Calls to those return an error wrapping ErrNotSupported, except
// WorkspaceImpact, which then computes the counts itself. A guarded platform requires
// X-Confirm-Name and a reason on destructive requests, which this client
// sends in every case and which its destructive methods refuse to omit.
//
// Errors are *APIError for HTTP error statuses and *TransportError when no
// response arrived. The Is* helpers classify both. Only GET and HEAD are
// retried. The token never appears in errors or in the debug trace.
package client
