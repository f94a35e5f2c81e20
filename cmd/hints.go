package cmd

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/wsctl/wsctl/client"
	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// addTargetHints appends the next steps that depend on the platform target
// to err: where the URL came from after a connection failure, and
// "wsctl sandbox reset" after the sandbox's rate limit or budget ran out.
// Errors of other kinds are returned unchanged.
func addTargetHints(f *cmdutil.Factory, err error) error {
	var transportErr *client.TransportError
	isTransport := errors.As(err, &transportErr) && !cmdutil.IsInterrupt(err)
	isRateLimited := client.IsRateLimited(err)
	if !isTransport && !isRateLimited {
		return err
	}
	target, targetErr := f.Target()
	if targetErr != nil {
		return err
	}

	var hints []string
	switch {
	case isRateLimited && target.IsSandbox():
		hints = []string{"the sandbox's limits are spent: " + cmdutil.Command("sandbox", "reset") + " starts it again from the seed, with a full budget (changes made in the sandbox are lost)"}
	case isTransport:
		hints = connectionHints(f, target, transportErr)
	}
	if len(hints) == 0 {
		return err
	}

	var cmdErr *cmdutil.Error
	if errors.As(err, &cmdErr) {
		cmdErr.WithHint(hints...)
		return err
	}
	return (&cmdutil.Error{Code: cmdutil.ExitCodeOf(err), Err: err}).WithHint(hints...)
}

// connectionHints explains a request that got no HTTP answer: the cause in
// plain words, the URL and where it was set, and what to check.
func connectionHints(f *cmdutil.Factory, target *cmdutil.Target, err *client.TransportError) []string {
	source := platformSource(f, target)
	var certErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var dnsErr *net.DNSError

	var hints []string
	switch {
	case strings.Contains(err.Err.Error(), "server gave HTTP response to HTTPS client"):
		hints = append(hints, fmt.Sprintf("the server at %s answers plain HTTP, not HTTPS: use an http:// URL in %s, or put TLS in front of the server", target.Platform, source))
	case errors.As(err.Err, &certErr), errors.As(err.Err, &authorityErr), errors.As(err.Err, &hostnameErr):
		hints = append(hints, fmt.Sprintf("the platform's TLS certificate is not trusted: pass its CA with --ca-file FILE (or ca_file in the profile), and check that the host name in %s matches the certificate", source))
	case errors.As(err.Err, &dnsErr):
		hints = append(hints, fmt.Sprintf("the host name %q does not resolve: check the URL in %s", dnsErr.Name, source))
	case client.IsConnectionRefused(err):
		hints = append(hints, fmt.Sprintf("nothing accepts connections at %s: check that the platform server is running there (wsctl serve runs one), and the URL in %s", target.Host(), source))
	case err.Timeout():
		hints = append(hints, fmt.Sprintf("the platform did not answer in time: check that %s is reachable from here, and the URL in %s", target.Host(), source))
	default:
		hints = append(hints, fmt.Sprintf("check that the platform server is running and reachable, and the URL in %s", source))
	}
	return append(hints, "platform: "+target.Platform)
}

// platformSource names the setting that chose the platform URL, so the hint
// says which one to fix.
func platformSource(f *cmdutil.Factory, target *cmdutil.Target) string {
	switch {
	case f.Flags.Target.Platform != "":
		return "--platform"
	case f.Getenv("WSCTL_PLATFORM") != "":
		return "WSCTL_PLATFORM"
	case target.Profile != "":
		return fmt.Sprintf("the platform of profile %q", target.Profile)
	}
	return "--platform or WSCTL_PLATFORM"
}
