package completions

// Regenerate the committed scripts after changing the command tree:
//
//	go generate ./completions

//go:generate go run ../cmd/gen-docs --completions .
