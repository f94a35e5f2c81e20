package cmdutil

import "time"

// CompletionTimeout bounds the one request that shell completion makes, so a
// slow or unreachable platform never freezes the shell.
const CompletionTimeout = 2 * time.Second
