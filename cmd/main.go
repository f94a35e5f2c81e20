package cmd

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
	"github.com/wsctl/wsctl/cmd/factory"
	"github.com/wsctl/wsctl/output"
)

// Main runs wsctl with the process's arguments, streams and environment and
// returns the exit code. main calls os.Exit with it.
func Main() int {
	ios := output.System()
	f := factory.New(buildVersion(), ios, os.Getenv)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := handleInterrupts(f, cancel, os.Exit)
	defer stop()

	return int(Execute(ctx, f, os.Args[1:]))
}

// Execute builds the command tree on f, runs it with args, prints any error
// to stderr and returns the exit code. Tests call it in-process.
func Execute(ctx context.Context, f *cmdutil.Factory, args []string) cmdutil.ExitCode {
	root := NewCmdRoot(f)
	root.SetArgs(args)

	cmd, err := root.ExecuteContextC(ctx)
	if closeErr := f.Close(); closeErr != nil && err == nil {
		err = closeErr
	}
	if err == nil {
		return cmdutil.ExitOK
	}

	err = classifyCobraError(err)
	err = addTargetHints(f, err)
	cmdutil.PrintError(f.IOStreams.ErrOut, err, commandPath(cmd, root))
	return cmdutil.ExitCodeOf(err)
}

// classifyCobraError turns cobra's untyped usage errors into FlagErrors, so
// they exit with the usage code.
func classifyCobraError(err error) error {
	if strings.HasPrefix(err.Error(), "unknown command ") {
		return &cmdutil.FlagError{Err: err}
	}
	return err
}

func commandPath(cmd, root *cobra.Command) string {
	if cmd == nil {
		return root.CommandPath()
	}
	return cmd.CommandPath()
}

// handleInterrupts exits with code 130 on Ctrl-C or SIGTERM while no
// mutating request has been sent, saying that nothing was changed. Once a
// request is out, or when the command stops cleanly by itself (wsctl serve),
// the signal cancels the command's context instead so the command can
// report what happened; a second signal exits at once.
func handleInterrupts(f *cmdutil.Factory, cancel context.CancelFunc, exit func(int)) (stop func()) {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})

	go func() {
		select {
		case <-signals:
		case <-done:
			return
		}
		if !f.Changes.Sent() && !f.Changes.HandlesInterrupts() {
			fmt.Fprintln(f.IOStreams.ErrOut, "\n"+cmdutil.ErrInterruptedNothingChanged.Error())
			exit(int(cmdutil.ExitInterrupted))
			return
		}
		cancel()

		select {
		case <-signals:
			fmt.Fprintln(f.IOStreams.ErrOut, "\ninterrupted again: exiting without waiting for the platform's answer")
			exit(int(cmdutil.ExitInterrupted))
		case <-done:
		}
	}()

	return func() {
		signal.Stop(signals)
		close(done)
	}
}
