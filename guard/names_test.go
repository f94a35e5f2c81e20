package guard

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestConfirmNames sends X-Confirm-Name over a real connection, so that the
// server's own header parsing (which trims spaces around raw values) applies.
func TestConfirmNames(t *testing.T) {
	tests := []struct {
		name       string
		stored     string
		header     string
		wantStatus int
		wantError  string
	}{
		{name: "nfc typed nfd stored", stored: "cafe\u0301", header: "UTF-8''caf%C3%A9", wantStatus: 200},
		{name: "nfc raw bytes nfd stored", stored: "cafe\u0301", header: "caf\u00e9", wantStatus: 200},
		{name: "nfd typed nfc stored", stored: "caf\u00e9", header: "UTF-8''cafe%CC%81", wantStatus: 200},
		{name: "cyrillic a", stored: "alpha", header: "UTF-8''%D0%B0lpha", wantStatus: 400, wantError: CodeConfirmationMismatch},
		{name: "case differs", stored: "prod", header: "Prod", wantStatus: 400, wantError: CodeConfirmationMismatch},
		{name: "trailing space ext-value", stored: "prod ", header: "UTF-8''prod%20", wantStatus: 200},
		{name: "trailing space raw", stored: "prod ", header: "prod ", wantStatus: 400, wantError: CodeConfirmationMismatch},
		{name: "trailing space typed only", stored: "prod", header: "UTF-8''prod%20", wantStatus: 400, wantError: CodeConfirmationMismatch},
		{name: "japanese", stored: "データ-ws", header: "UTF-8''%E3%83%87%E3%83%BC%E3%82%BF-ws", wantStatus: 200},
		{name: "emoji", stored: "🚀-prod", header: "UTF-8''%F0%9F%9A%80-prod", wantStatus: 200},
		{name: "charset lower case", stored: "alpha", header: "utf-8''alpha", wantStatus: 200},
		{name: "language tag", stored: "alpha", header: "UTF-8'en'alpha", wantStatus: 200},
		{name: "fullwidth letters", stored: "alpha", header: "UTF-8''%EF%BD%81lpha", wantStatus: 400, wantError: CodeConfirmationMismatch},
		{name: "truncated escape", stored: "alpha", header: "UTF-8''alph%6", wantStatus: 400, wantError: CodeInvalidHeader},
		{name: "bad hex", stored: "alpha", header: "UTF-8''%G1lpha", wantStatus: 400, wantError: CodeInvalidHeader},
		{name: "invalid utf-8", stored: "alpha", header: "UTF-8''%FFalpha", wantStatus: 400, wantError: CodeInvalidHeader},
		{name: "raw space in ext-value", stored: "prod ", header: "UTF-8''prod x", wantStatus: 400, wantError: CodeInvalidHeader},
		{name: "missing second quote", stored: "alpha", header: "UTF-8'alpha", wantStatus: 400, wantError: CodeInvalidHeader},
		{name: "empty ext-value", stored: "alpha", header: "UTF-8''", wantStatus: 400, wantError: CodeRequiresConfirmation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.stored, nil)
			srv := httptest.NewServer(RequestID(f.guard.Middleware(f.host)))
			defer srv.Close()

			req, err := http.NewRequest(http.MethodDelete, srv.URL+"/workspaces/"+testWorkspaceID, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set(HeaderConfirmName, tt.header)
			req.Header.Set(HeaderAuditReason, testReason)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d (body %s)", resp.StatusCode, tt.wantStatus, body)
			}
			rec := &httptest.ResponseRecorder{Body: newBuffer(body)}
			if got := errorCode(t, rec); got != tt.wantError {
				t.Errorf("error: got %q, want %q", got, tt.wantError)
			}
		})
	}
}

func TestDecodeHeaderValue(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{in: "alpha", want: "alpha"},
		{in: "UTF-8''a%20b", want: "a b"},
		{in: "UTF-8''%e2%82%ac", want: "€"},
		{in: "UTF-8''", want: ""},
		{in: "UTF-8''a%2", wantErr: true},
		{in: "UTF-8''a'b", wantErr: true},
		{in: "UTF-8'e n'a", wantErr: true},
		{in: "UTF-8''%C3", wantErr: true},
		{in: "caf\xe9", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := decodeHeaderValue(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeHeaderValue(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{in: "alpha", want: "alpha"},
		{in: "prod ", want: "UTF-8''prod%20"},
		{in: " prod", want: "UTF-8''%20prod"},
		{in: "café", want: "UTF-8''caf%C3%A9"},
		{in: "UTF-8''x", want: "UTF-8''UTF-8%27%27x"},
		{in: "", want: "UTF-8''"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := EncodeHeaderValue(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			back, err := decodeHeaderValue(got)
			if err != nil || back != tt.in {
				t.Errorf("decode: got %q, %v, want %q", back, err, tt.in)
			}
		})
	}
}
