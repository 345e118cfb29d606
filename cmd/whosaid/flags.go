package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// errHelp says help was asked for and printed: exit 0.
var errHelp = errors.New("help shown")

// command is a subcommand's flag set with the text its help starts with.
type command struct {
	fs *flag.FlagSet
	// synopsis is the usage line and a sentence or two on what the command
	// does; the flags are listed after it.
	synopsis string
}

func newCommand(name, synopsis string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package would print errors and usage itself; parse prints
	// help on stdout and run prints errors once on stderr instead.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &command{fs: fs, synopsis: synopsis}
}

// help writes the command's help: the synopsis, then the flags.
func (c *command) help(w io.Writer) {
	fmt.Fprint(w, c.synopsis)
	fmt.Fprint(w, "\nFlags:\n")
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
}

// parse parses flags given before or after the positional arguments
// ("summarize article.txt --format text" is "summarize --format text
// article.txt"); after "--" everything is positional, and "-" is a
// positional argument (standard input). -h and --help print the help on
// stdout and return errHelp; a bad flag is a usage error.
func (c *command) parse(args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(stdout)
				return nil, errHelp
			}
			return nil, usageError{err}
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
