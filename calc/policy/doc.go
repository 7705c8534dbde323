/*
Package policy loads, checks and shows the policy file: the subsidy
programs, amounts, rates, caps and effective dates as data.

# Policy file format

A policy file is one YAML document (schema: schemas/policy.schema.json;
the embedded default is calc/policy/default.yaml). Its shape:

	id: suzhou-ip-2021          # policy id, cited by ledgers and manifests
	title: ...                  # human-readable title
	rounding: half_up           # half_up (default) | half_even | down
	documents:                  # cited documents by key (references name the key)
	  "136": {number: 苏府办〔2021〕136号, title: ..., issued: 2021-06-21}
	  "81":  {number: 苏府〔2021〕81号, title: ..., issued: 2021-09-15}
	districts:                  # county-level units; codes are quoted strings
	  - {code: "320505", name: 虎丘区, aliases: [苏州高新区, 高新区]}
	general:                    # parameters of no single program: dated values
	  fx_max_age_days:
	    - {from: 2021-06-21, to: 2023-12-31, value: 10, unit: days, example: true,
	       reference: {document: "136", clause: 三(五)20, note: "示例值：……"}}
	programs:
	  licensing_support:        # program id (spec §4)
	    name: 知识产权许可交易补贴   # Chinese name (ledger program_name)
	    name_en: IP licensing and assignment support
	    clause: 136 三(二)7       # ledger clause
	    kind: computed          # computed | dengfeng | award | discretionary
	    funder: district        # city | district
	    individual: false       # true: paid to a person (ID number)
	    versions:
	      - version: "2021"     # ledger policy_version
	        from: 2021-06-21    # first day in force (inclusive)
	        to: 2023-12-31      # last day in force (inclusive); omitted = OpenEnd
	        params:
	          ratio:
	            value: "0.10"
	            unit: ratio
	            example: true
	            reference: {document: "136", clause: 三(二)7, note: "原文：“……按比例给予支持”；示例值：原文未定比例"}
	            districts:      # overrides, district-funded programs only
	              "320585": {value: "0.15", unit: ratio, reference: {document: "136", clause: 三(二)7, note: ...}}

# Values

Values by unit: CNY and ratio are decimals (write them quoted, "10000.00";
an unquoted 0.1 is accepted too and read from its text), count and days
are whole numbers, codes a list of strings, option a string from the
parameter's choices, flag true or false. No number ever passes through a
binary fraction: the loader reads the YAML node's text into a
decimal.Decimal, and hands the schema validator json.Number values.

Every parameter and every district override carries unit and reference
(document key and clause; a note, required when example is true, saying
what the seed says). A parameter's effective dates are its version's.
The default policy's notes quote the seed only as 原文：“…” (its own words,
…… for words left out) and label every reading beyond them 解释： and every
example 示例值：, ；-separated (spec §4.3a 3; quote_test.go checks each
quote against the seed texts in testdata/seeds).
YAML anchors, aliases and merge keys are refused so that every value is
written where it applies.

# Checks

Checks (Check reports them, Load refuses a file with any): YAML syntax and
duplicate keys; the JSON Schema; calendar dates, to before from and
overlapping versions or general values; unknown documents and district
codes; the programs the engine knows (the catalog) must keep their kind,
funder and individual flag, carry every parameter the engine reads with
its unit and no other, and no version may start before the seed it cites
was issued; a new program may only be of kind award (ceiling, optional
count_limit and cap_scope) or discretionary; district overrides only on
district-funded programs; and, for a version in force at any time between
a seed's issue date and 2023-12-31, the seed's ceilings, caps, rates,
count limits and floors (each program's entry in catalog.go). Each problem
names the file, the line and the path of the value.

Parameters the engine reads, by program, and the limits the seeds set on
them with the clause and words they are set in: see catalog.go, one entry
a program. Award programs read ceiling (CNY), count_limit (count, per
funder per calendar year),
cap_scope (row, the default when absent; recipient_year;
recipient_project; recipient_lifetime) and count_scope (row, the default:
the limit counts lines; recipient: it counts distinct recipients, 每家).
Which programs pay persons is the catalog's (Program.Individual, checked
against the file's individual flag; Program.Persons for a program paying
persons and entities alike, protection.report_reward), not the file's.
*/
package policy
