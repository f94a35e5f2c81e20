package platform

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsctl/wsctl/platform/store"
)

// serveEnv makes the test binary run Serve instead of the tests, so that the
// crash test can kill a real server process.
const serveEnv = "WSCTL_PLATFORM_TEST_SERVE"

func TestMain(m *testing.M) {
	if dir := os.Getenv(serveEnv); dir != "" {
		os.Exit(serveForCrashTest(dir))
	}
	os.Exit(m.Run())
}

func serveForCrashTest(dir string) int {
	opts := Options{
		DSN: filepath.Join(dir, "platform.db"), DataDir: dir, BudgetLimit: 1 << 20,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	err := Serve(context.Background(), opts, "127.0.0.1:0", func(addr string) {
		fmt.Printf("listening on %s\n", addr)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestCrashMidway kills a SQLite server with SIGKILL while 200 deletes and
// restores are in flight, then checks that every workspace is either live or
// removed with all its fields and exactly one unrestored delete entry.
func TestCrashMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	const workspaces, opsEach = 20, 10
	dir := t.TempDir()
	ids := prepareCrashDB(t, dir, workspaces)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("read server address: %v", err)
	}
	base := "http://" + strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	token := readFile(t, filepath.Join(dir, "org-token"))

	var (
		done    atomic.Int32
		wg      sync.WaitGroup
		killed  = make(chan struct{})
		client  = &http.Client{Timeout: 10 * time.Second}
		halfway = int32(workspaces * opsEach / 2)
	)
	for i, id := range ids {
		name := fmt.Sprintf("crash %02d", i)
		wg.Go(func() {
			for op := range opsEach {
				method, path := "DELETE", "/workspaces/"+id
				if op%2 == 1 {
					method, path = "POST", "/workspaces/"+id+"/restore"
				}
				req, _ := http.NewRequest(method, base+path, strings.NewReader(`{"reason":"crash test cycle"}`))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("X-Confirm-Name", name)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				resp.Body.Close()
				if done.Add(1) == halfway {
					_ = cmd.Process.Kill()
					close(killed)
				}
			}
		})
	}
	wg.Wait()
	select {
	case <-killed:
	default:
		t.Fatalf("only %d of %d requests finished before the server was killed", done.Load(), workspaces*opsEach)
	}
	_ = cmd.Wait()

	assertNoHalfDone(t, dir, ids)
}

func prepareCrashDB(t *testing.T, dir string, n int) []string {
	t.Helper()
	p, err := Open(context.Background(), Options{DSN: filepath.Join(dir, "platform.db"), DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("cccccccc-0000-4000-8000-%012d", i)
		now := time.Now()
		if err := p.store.CreateWorkspace(context.Background(), store.Workspace{ID: ids[i], Name: fmt.Sprintf("crash %02d", i), Status: "online", Tier: 1, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			s := store.Schedule{ID: fmt.Sprintf("cccccccc-0000-4000-8000-5c%08d%02d", i, j), WorkspaceID: ids[i], Name: "s", CronExpr: "0 * * * *", Timezone: "UTC", Enabled: true, CreatedAt: now}
			if err := p.store.CreateSchedule(context.Background(), s); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.createToken(context.Background(), "workspace", ids[i], "agent"); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func assertNoHalfDone(t *testing.T, dir string, ids []string) {
	t.Helper()
	p, err := Open(context.Background(), Options{DSN: filepath.Join(dir, "platform.db"), DataDir: dir})
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer p.Close()
	db := p.store.DB()
	removedCount := 0
	for _, id := range ids {
		ws, err := p.store.Workspace(context.Background(), id)
		if err != nil {
			t.Fatalf("read %s after crash: %v", id, err)
		}
		var deletes, restores int
		if err := db.QueryRow(`SELECT
			(SELECT COUNT(*) FROM guard_audit_entries WHERE workspace_id = ? AND action = 'workspace.delete' AND outcome = 'allowed' AND error = ''),
			(SELECT COUNT(*) FROM guard_audit_entries WHERE workspace_id = ? AND action = 'workspace.restore' AND outcome = 'allowed')`, id, id).Scan(&deletes, &restores); err != nil {
			t.Fatal(err)
		}
		removed := ws.Status == "removed"
		if removed {
			removedCount++
		}
		complete := ws.RemovedAt != nil && ws.RestorableUntil != nil && ws.DeletionID != ""
		switch {
		case removed && (!complete || ws.Impact.EnabledScheduleCount != 0 || ws.Impact.TokenCount != 0 || deletes != restores+1):
			t.Errorf("%s removed but half done: complete fields %v, %d enabled schedules, %d tokens, %d deletes, %d restores",
				id, complete, ws.Impact.EnabledScheduleCount, ws.Impact.TokenCount, deletes, restores)
		case !removed && (ws.RemovedAt != nil || ws.DeletionID != "" || ws.Impact.EnabledScheduleCount != 3 || ws.Impact.TokenCount != 1 || deletes != restores):
			t.Errorf("%s live but half done: removed_at %v, %d enabled schedules, %d tokens, %d deletes, %d restores",
				id, ws.RemovedAt, ws.Impact.EnabledScheduleCount, ws.Impact.TokenCount, deletes, restores)
		}
	}
	t.Logf("after the crash: %d of %d workspaces removed", removedCount, len(ids))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
