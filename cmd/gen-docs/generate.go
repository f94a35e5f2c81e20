package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/wsctl/wsctl/cmd"
	"github.com/wsctl/wsctl/cmd/factory"
	"github.com/wsctl/wsctl/completions"
	"github.com/wsctl/wsctl/output"
)

// newRootCommand builds the real wsctl command tree. Generating docs never
// runs a command, so the factory gets an empty environment and its lazy
// funcs are never called.
func newRootCommand() *cobra.Command {
	ios, _, _, _ := output.Test()
	f := factory.New(cmd.Version, ios, func(string) string { return "" })
	return cmd.NewCmdRoot(f)
}

func writeCompletions(dir string, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create completions folder: %w", err)
	}
	paths, err := completions.WriteAll(dir)
	for _, path := range paths {
		fmt.Fprintln(log, path)
	}
	return err
}

// writeManPages writes one page per visible command and one per help topic
// such as "wsctl exit-codes". Pages of an earlier run are removed first, so
// a renamed command leaves no stale page behind.
func writeManPages(opts *options, log io.Writer) error {
	if err := os.MkdirAll(opts.manDir, 0o755); err != nil {
		return fmt.Errorf("create man page folder: %w", err)
	}
	if err := removeManPages(opts.manDir); err != nil {
		return err
	}

	root := newRootCommand()
	root.DisableAutoGenTag = true
	escapeUseLines(root)
	header := &doc.GenManHeader{
		Date:   &opts.date,
		Source: "wsctl " + opts.version,
		Manual: "wsctl manual",
	}
	if err := doc.GenManTree(root, header, opts.manDir); err != nil {
		return fmt.Errorf("write man pages: %w", err)
	}
	if err := writeHelpTopicPages(root, header, opts.manDir); err != nil {
		return err
	}

	pages, err := listManPages(opts.manDir)
	for _, page := range pages {
		fmt.Fprintln(log, page)
	}
	return err
}

// writeHelpTopicPages writes the pages that GenManTree skips: help topics
// are commands without a run func, reachable as "wsctl help <topic>".
func writeHelpTopicPages(root *cobra.Command, header *doc.GenManHeader, dir string) error {
	for _, topic := range root.Commands() {
		if !topic.IsAdditionalHelpTopicCommand() {
			continue
		}

		// A topic takes no flags, so its synopsis shows none.
		topic.DisableFlagsInUseLine = true
		path := filepath.Join(dir, manPageName(topic))
		file, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("write man page: %w", err)
		}
		topicHeader := *header
		err = doc.GenMan(topic, &topicHeader, file)
		if closeErr := file.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			return fmt.Errorf("write man page %s: %w", path, err)
		}
	}
	return nil
}

// escapeUseLines escapes the angle brackets of every command's Use line in
// this private copy of the tree. GenMan renders the synopsis as Markdown, and
// go-md2man v2.0.7 drops "<id|name>" as an HTML tag without the escape.
func escapeUseLines(c *cobra.Command) {
	c.Use = strings.NewReplacer("<", `\<`, ">", `\>`).Replace(c.Use)
	for _, sub := range c.Commands() {
		escapeUseLines(sub)
	}
}

// manPageName returns the file name GenManTree uses for c, such as
// wsctl-ws-delete.1.
func manPageName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
}

func listManPages(dir string) ([]string, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "wsctl*.1"))
	if err != nil {
		return nil, fmt.Errorf("list man pages: %w", err)
	}
	sort.Strings(pages)
	return pages, nil
}

func removeManPages(dir string) error {
	pages, err := listManPages(dir)
	if err != nil {
		return err
	}
	for _, page := range pages {
		if err := os.Remove(page); err != nil {
			return fmt.Errorf("remove old man page: %w", err)
		}
	}
	return nil
}
