package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wsctl/wsctl/cmd/cmdutil"
)

// newCmdHelp replaces cobra's help command, which prints "Unknown help
// topic" and exits 0 for a typo. Here an unknown topic is a usage error
// with the nearest topic or command suggested.
func newCmdHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command or topic",
		Long: `Help about any command or topic, such as:

  wsctl help ws delete
  wsctl help exit-codes`,
		ValidArgsFunction: completeHelpTopics,
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if target == nil || err != nil || len(rest) > 0 || (len(args) > 0 && target == c.Root()) {
				return unknownTopicError(c.Root(), args)
			}
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

func unknownTopicError(root *cobra.Command, args []string) error {
	topic := strings.Join(args, " ")
	err := cmdutil.Errorf(cmdutil.ExitUsage, "unknown help topic %q", topic)
	for _, suggestion := range suggestTopics(root, args[len(args)-1]) {
		err.WithHint("did you mean: wsctl help " + suggestion)
	}
	return err.WithHint("Run 'wsctl --help' for the commands and help topics.")
}

// suggestTopics returns the commands and help topics of root whose names
// are within two edits of typed, or start with it. Cobra's own suggestions
// skip help topics, because they have no run func.
func suggestTopics(root *cobra.Command, typed string) []string {
	var names []string
	for _, sub := range root.Commands() {
		if !sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			continue
		}
		name := sub.Name()
		if editDistance(strings.ToLower(typed), name) <= 2 || strings.HasPrefix(name, strings.ToLower(typed)) {
			names = append(names, name)
		}
	}
	return names
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	previous := make([]int, len(rb)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		current := make([]int, len(rb)+1)
		current[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous = current
	}
	return previous[len(rb)]
}

func completeHelpTopics(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	parent, _, err := c.Root().Find(args)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var completions []cobra.Completion
	for _, sub := range parent.Commands() {
		if sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
			if strings.HasPrefix(sub.Name(), toComplete) && sub.Name() != "help" {
				completions = append(completions, cobra.CompletionWithDesc(sub.Name(), sub.Short))
			}
		}
	}
	return completions, cobra.ShellCompDirectiveNoFileComp
}

// alignHelpTopics rewrites the "Additional help topics" lines of cobra's
// usage template. Cobra pads them by the command path of ordinary commands,
// which leaves "wsctl exit-codes" run into its description; the lines now
// show the command that opens the topic, padded like the command lists.
func alignHelpTopics(template string) string {
	const cobraLine = `{{rpad .CommandPath .CommandPathPadding}} {{.Short}}`
	const ours = `help {{.Name}}  {{.Short}}`
	if !strings.Contains(template, cobraLine) {
		panic(fmt.Sprintf("cobra's usage template changed: %q not found", cobraLine))
	}
	return strings.Replace(template, cobraLine, ours, 1)
}
