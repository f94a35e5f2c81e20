// Package guard protects the destructive requests of a workspace API.
//
// A platform adds Guard.Middleware to its HTTP server, after RequestID and
// after authentication. Requests that match no Rule pass through without
// allocation. A matched request (deleting a workspace or a memory, disabling
// or purging a workspace) must come from an identified and authorized
// credential with budget left, name the workspace exactly in X-Confirm-Name,
// give a reason, and match If-Match when sent. Guard writes every refused
// attempt to the audit log itself. For an allowed one, the host writes the
// pending entry in the transaction of the action with CommitAuditTx, so
// that an action whose entry cannot be written does not happen.
//
// Check and Finish are the same flow for frameworks that do not use
// net/http middleware, such as gin.
package guard
