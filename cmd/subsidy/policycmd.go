package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"subsidy/calc/policy"
	"subsidy/schemas"
)

// exportedPolicy is the embedded policy file as `policy default` prints
// it: its editor hint names the schema beside the exported file
// (policy.schema.json, which `policy schema` writes), not the repository's
// folder, which a copy elsewhere cannot reach.
func exportedPolicy() []byte {
	b := policy.DefaultYAML()
	first, rest, _ := bytes.Cut(b, []byte("\n"))
	if !bytes.Contains(first, []byte("$schema=")) {
		return b
	}
	hint := "# yaml-language-server: $schema=" + schemas.PolicyFile + "\n" +
		"# 编辑器补全 / completion: subsidy policy schema > " + schemas.PolicyFile + "（与本文件放在同一文件夹 / beside this file）\n"
	return append([]byte(hint), rest...)
}

func policyCommand() *cli.Command {
	lang := &cli.StringFlag{Name: "lang", Value: "zh", Usage: "language: zh or en, e.g. --lang en"}
	return &cli.Command{
		Name:  "policy",
		Usage: "show, export or check a policy file",
		Subcommands: []*cli.Command{
			{
				Name:        "show",
				Usage:       "print the effective policy (default: the embedded one), marking example values",
				ArgsUsage:   "[FILE]",
				Description: "Example:\n   subsidy policy show\n   subsidy policy show --lang en kunshan-2022.yaml",
				Flags:       []cli.Flag{lang},
				Action: func(c *cli.Context) error {
					p, err := loadPolicy(c.Args().First())
					if err != nil {
						return err
					}
					fmt.Fprint(c.App.Writer, policy.Show(p, c.String("lang")))
					return nil
				},
			},
			{
				Name:        "default",
				Usage:       "print the embedded default policy file (YAML), the starting point of a district's or a new year's policy",
				Description: "Example:\n   subsidy policy default > kunshan-2022.yaml\n   (edit the values, then) subsidy policy check kunshan-2022.yaml",
				Action: func(c *cli.Context) error {
					_, err := c.App.Writer.Write(exportedPolicy())
					return err
				},
			},
			{
				Name:        "schema",
				Usage:       "print the policy file's JSON Schema, for editor completion beside an exported policy",
				Description: "Example:\n   subsidy policy default > kunshan-2022.yaml\n   subsidy policy schema > policy.schema.json   (the $schema line of the exported file names it)",
				Action: func(c *cli.Context) error {
					_, err := c.App.Writer.Write(schemas.Policy())
					return err
				},
			},
			{
				Name:        "check",
				Usage:       "validate a policy file against schemas/policy.schema.json and the seed ceilings",
				ArgsUsage:   "FILE",
				Description: "Prints one line per problem, file:line: path: message. Example:\n   subsidy policy check kunshan-2022.yaml\n\nExit codes: 0 valid; 2 problems found or unreadable.",
				Flags:       []cli.Flag{lang},
				Action: func(c *cli.Context) error {
					file := c.Args().First()
					if file == "" {
						return usageErr("policy check needs a FILE, e.g. subsidy policy check my-policy.yaml")
					}
					data, err := os.ReadFile(file)
					if err != nil {
						return usageErr("policy: %v", err)
					}
					probs := policy.Check(data, filepath.Base(file))
					for _, p := range probs {
						fmt.Fprintf(c.App.ErrWriter, "%s:%d: %s: %s\n", p.File, p.Line, p.Path, p.Message.In(c.String("lang")))
					}
					if len(probs) > 0 {
						return &exitError{code: exitUsage, msg: fmt.Sprintf("%d problem(s) in %s", len(probs), file)}
					}
					fmt.Fprintf(c.App.Writer, "%s: ok\n", file)
					return nil
				},
			},
		},
	}
}
