package platform

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/google/uuid"

	"github.com/wsctl/wsctl/platform/store"
)

// tokenLen is the length of a token: 32 random bytes in unpadded base64url.
const tokenLen = 43

// newToken returns a fresh random token.
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormedToken reports whether s has the shape of a token, so that
// garbage never reaches the database.
func wellFormedToken(s string) bool {
	if len(s) != tokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// createToken stores a new token of the given kind and returns its value,
// which exists nowhere else afterwards.
func (p *Platform) createToken(ctx context.Context, kind, workspaceID, label string) (string, error) {
	token := newToken()
	if err := p.insertToken(ctx, token, kind, workspaceID, label); err != nil {
		return "", err
	}
	return token, nil
}

// insertToken stores the hash and prefix of token.
func (p *Platform) insertToken(ctx context.Context, token, kind, workspaceID, label string) error {
	err := p.store.CreateToken(ctx, store.Token{
		ID:          uuid.NewString(),
		Kind:        kind,
		WorkspaceID: workspaceID,
		Prefix:      token[:8],
		Hash:        hashToken(token),
		Label:       label,
		CreatedAt:   p.opts.Clock(),
	})
	if err != nil {
		return fmt.Errorf("create %s token: %w", kind, err)
	}
	return nil
}
