package client

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCAPoolErrors(t *testing.T) {
	dir := t.TempDir()
	noPEM := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(noPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	keyOnly := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(keyOnly, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.pem")

	tests := []struct {
		name    string
		path    string
		wantErr string
	}{
		{"missing file", missing, "CA file " + missing + " not found: pass the path of a PEM file"},
		{"no pem", noPEM, "CA file " + noPEM + " contains no PEM certificate"},
		{"key instead of certificate", keyOnly, "CA file " + keyOnly + " contains no PEM certificate"},
		{"directory", dir, "read CA file " + dir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool, err := LoadCAPool(tt.path)
			if err == nil {
				t.Fatalf("LoadCAPool(%q) = %v, want an error", tt.path, pool)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadCAPool(%q) error = %q, want it to contain %q", tt.path, err, tt.wantErr)
			}
			hc, err := NewHTTPClient(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NewHTTPClient(%q) = %v, %v, want the same error", tt.path, hc, err)
			}
		})
	}
}

func TestNewHTTPClientTrustsCAFile(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	// The rejected handshake is expected, so keep the server from logging it.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		caFile  string
		wantErr bool
	}{
		{"with the CA file", caFile, false},
		{"system roots only", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, err := NewHTTPClient(tt.caFile)
			if err != nil {
				t.Fatalf("NewHTTPClient: %v", err)
			}
			c, err := New(Options{BaseURL: srv.URL, Token: testToken, HTTPClient: hc})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			waits := &waitRecorder{}
			c.sleep = waits.sleep

			_, err = c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})

			if tt.wantErr {
				var te *TransportError
				if !errors.As(err, &te) {
					t.Fatalf("error = %v (%T), want *TransportError", err, err)
				}
				if !strings.Contains(err.Error(), "certificate") {
					t.Errorf("error = %q, want a certificate verification failure", err)
				}
				if got := waits.recorded(); len(got) != 0 {
					t.Errorf("waits = %v, want no retry of a certificate failure", got)
				}
				return
			}
			if err != nil {
				t.Errorf("ListWorkspaces: %v", err)
			}
		})
	}
}
