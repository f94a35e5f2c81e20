package platform

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Org token files. Only the token's hash is stored, so the file is the one
// place the token survives a restart, and overwriting another database's
// file locks that database out for good. A database uses the first of
// orgTokenFiles that is free or already holds one of its own org tokens,
// records the choice in platform_settings, and never writes a file that
// holds anything else.
const (
	sharedTokenFile    = "org-token"
	ownTokenFileSuffix = ".org-token"

	settingTokenFile   = "org_token_file"
	settingTokenPrefix = "org_token_prefix"
)

// firstStart creates the org token and applies the seed on an empty
// database, and otherwise finds the org token file again.
func (p *Platform) firstStart(ctx context.Context) error {
	empty, err := p.store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		p.findOrgToken(ctx)
		return nil
	}
	// A seed that does not parse fails before the token exists, so the
	// database stays empty and the next start creates the token.
	if len(p.opts.Seed) > 0 {
		if _, err := parseSeed(p.opts.Seed); err != nil {
			return fmt.Errorf("apply seed: %w", err)
		}
	}
	if err := p.createOrgToken(ctx); err != nil {
		return err
	}

	if len(p.opts.Seed) > 0 {
		n, err := applySeed(ctx, p.store, p.opts.Seed, p.opts.Clock())
		// NOTE: a database error here comes after the token was stored, so
		// without a data directory that token is lost and the database must
		// be emptied before the next start.
		if err != nil {
			return fmt.Errorf("apply seed: %w", err)
		}
		p.log.Info("applied seed", "workspaces", n)
	}
	return nil
}

// createOrgToken writes a new org token to a free token file, then stores
// its hash. The file comes first: when no file name is free, Open fails and
// the database stays empty, so a later start can try again.
func (p *Platform) createOrgToken(ctx context.Context) error {
	token := newToken()
	path, adopted, err := p.claimTokenFile(ctx, token)
	if err != nil {
		return err
	}
	if adopted != "" {
		// NOTE: only replicas starting together on an empty Postgres
		// database get here: another one created the token first.
		p.orgToken, p.tokenFile = adopted, path
		p.logTokenFile(adopted[:8])
		return nil
	}

	if err := p.storeOrgToken(ctx, token, path); err != nil {
		if path != "" {
			_ = os.Remove(path)
		}
		return err
	}
	p.orgToken, p.tokenFile, p.createdToken = token, path, true
	p.log.Info("created org token on first start", "token_prefix", token[:8])
	p.logTokenFile(token[:8])
	return nil
}

func (p *Platform) storeOrgToken(ctx context.Context, token, path string) error {
	if err := p.insertToken(ctx, token, "org", "", "org-token"); err != nil {
		return err
	}
	if err := p.store.SetSetting(ctx, settingTokenPrefix, token[:8]); err != nil {
		return err
	}
	return p.store.SetSetting(ctx, settingTokenFile, path)
}

// orgTokenFiles returns the token file names this database may use, in
// order: the shared <DataDir>/org-token, then one named after the
// database. It returns nil without a data directory.
func (p *Platform) orgTokenFiles() []string {
	if p.opts.DataDir == "" {
		return nil
	}
	return []string{
		filepath.Join(p.opts.DataDir, sharedTokenFile),
		filepath.Join(p.opts.DataDir, databaseFileName(p.opts.DSN)+ownTokenFileSuffix),
	}
}

// claimTokenFile writes token to the first free file of orgTokenFiles and
// returns its path. A file that already holds an org token of this
// database is adopted instead: its token is returned and nothing is
// written. It returns "" without a data directory.
func (p *Platform) claimTokenFile(ctx context.Context, token string) (path, adopted string, err error) {
	files := p.orgTokenFiles()
	if len(files) == 0 {
		return "", "", nil
	}
	if err := os.MkdirAll(p.opts.DataDir, 0o700); err != nil {
		return "", "", fmt.Errorf("create data directory %s: %w", p.opts.DataDir, err)
	}

	for _, path := range files {
		err := writeNewFile(path, token+"\n")
		if err == nil {
			return path, "", nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", "", fmt.Errorf("write org token file %s: %w", path, err)
		}
		if own := p.readOwnToken(ctx, path); own != "" {
			return path, own, nil
		}
	}
	return "", "", fmt.Errorf("org token files %s already hold the tokens of other databases: "+
		"move one of them away or pass another data directory, so that no token is overwritten",
		strings.Join(files, " and "))
}

// writeNewFile creates path with mode 0600, whatever the umask, and fails
// with fs.ErrExist when it exists.
func writeNewFile(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}

// findOrgToken finds the token file of a database created earlier: the
// file recorded at first start, or else one of orgTokenFiles, for
// databases created before the choice was recorded. A file counts only
// when it holds an org token of this database.
func (p *Platform) findOrgToken(ctx context.Context) {
	prefix, err := p.store.Setting(ctx, settingTokenPrefix)
	if err != nil {
		p.log.Warn("cannot read the org token prefix", "error", err)
	}
	if p.opts.DataDir == "" {
		p.logTokenFile(prefix)
		return
	}

	recorded, err := p.store.Setting(ctx, settingTokenFile)
	if err != nil {
		p.log.Warn("cannot read the org token file name", "error", err)
	}
	candidates := p.orgTokenFiles()
	if recorded != "" {
		candidates = append([]string{recorded}, candidates...)
	}
	for _, path := range candidates {
		if token := p.readOwnToken(ctx, path); token != "" {
			p.orgToken, p.tokenFile = token, path
			p.logTokenFile(token[:8])
			return
		}
	}
	p.log.Warn("org token file not found: no file holds an org token of this database; use the token printed at first start",
		"token_prefix", prefix, "recorded_file", recorded, "searched", strings.Join(candidates, ","))
}

// readOwnToken returns the token in path when it is an org token of this
// database, and "" for a missing or unreadable file or any other content.
func (p *Platform) readOwnToken(ctx context.Context, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			p.log.Warn("cannot read org token file", "file", path, "error", err)
		}
		return ""
	}
	token := strings.TrimSpace(string(b))
	if !wellFormedToken(token) {
		return ""
	}
	t, err := p.store.TokenByHash(ctx, hashToken(token))
	if err != nil || t.Kind != "org" {
		return ""
	}
	return token
}

// logTokenFile logs where the org token is, never the token itself.
func (p *Platform) logTokenFile(prefix string) {
	if p.tokenFile == "" {
		p.log.Info("org token not saved to a file: no data directory set", "token_prefix", prefix)
		return
	}
	p.log.Info("org token file", "file", p.tokenFile, "token_prefix", prefix)
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// databaseFileName names a database for its token file: the base name of a
// SQLite file, or "postgres-" and the database name of a Postgres URL.
func databaseFileName(dsn string) string {
	if !isPostgres(dsn) {
		return filepath.Base(dsn)
	}
	name := ""
	if u, err := url.Parse(dsn); err == nil {
		name = strings.TrimPrefix(u.Path, "/")
	}
	name = unsafeFileChars.ReplaceAllString(name, "_")
	if name == "" || name == "." || name == ".." {
		return "postgres"
	}
	return "postgres-" + name
}
