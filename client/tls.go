package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
)

// LoadCAPool reads PEM certificates from path into a new pool for verifying
// the platform's TLS certificate. It fails when the file cannot be read or
// contains no PEM certificate.
func LoadCAPool(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("CA file %s not found: pass the path of a PEM file with the platform's CA certificate", path)
	}
	if err != nil {
		return nil, fmt.Errorf("read CA file %s: %w", path, err)
	}

	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("CA file %s contains no PEM certificate: expected a -----BEGIN CERTIFICATE----- block", path)
	}
	return pool, nil
}

// NewHTTPClient returns an HTTP client for Options.HTTPClient. With an empty
// caFile it uses the system roots. Otherwise it trusts only the certificates
// in caFile, as curl's --cacert does. Certificates are always verified: the
// package offers no way to skip verification.
func NewHTTPClient(caFile string) (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if caFile != "" {
		pool, err := LoadCAPool(caFile)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: transport}, nil
}
