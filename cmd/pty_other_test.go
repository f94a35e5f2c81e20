//go:build !linux

package cmd

import (
	"errors"
	"os"
)

func openPTY() (controller, terminal *os.File, err error) {
	return nil, nil, errors.New("pseudo-terminals are opened only on linux in these tests")
}
