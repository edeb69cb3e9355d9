// Command go-program is the Go user of the native `mailreseller` provider for
// test/engine/native-go.engine.test.ts: a Go Automation API inline program, built on the Go SDK generated
// from provider/native/schema.json, run in-process (no language host) by the Pulumi CLI on PATH.
//
//	go-program -dir DIR -config CONFIG.json [-tariff Outmail500] [-quantity 2] OP...
//
// OP is config, up, preview or destroy, run in order on the stack "go" of project "go-engine" in
// DIR/project (the project's Pulumi.yaml and Pulumi.go.yaml persist there between runs, so `config` is
// needed once, before the first `up`). The environment names the backend (PULUMI_BACKEND_URL), the
// passphrase, PULUMI_HOME with the plugin installed, and blocks plugin downloads; the program sets none of
// them, so the test decides what the CLI can reach.
//
// Each OP prints one JSON line on stdout (Result): what the Automation API returned, secret outputs
// masked. The program checks nothing: the test asserts. An OP that fails prints its line with `error` and
// the program exits 1 without running the rest.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pulumi-mailreseller/pulumi-mailreseller/sdk/go/mailreseller/mailup"
	"github.com/pulumi-mailreseller/pulumi-mailreseller/sdk/go/mailreseller/outmail"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const (
	projectName = "go-engine"
	stackName   = "go"
)

// ConfigEntry is one stack config value, as the test harnesses write them (sandbox/provider-config.ts's
// StackConfigEntry): the test's config.json is this program's -config file.
type ConfigEntry struct {
	Value  string `json:"value"`
	Secret bool   `json:"secret,omitempty"`
}

// Step is a resource's step, from the engine's resource-pre event.
type Step struct {
	Op    string   `json:"op"`
	URN   string   `json:"urn"`
	Type  string   `json:"type"`
	Diffs []string `json:"diffs,omitempty"`
}

// Result is what one OP printed.
type Result struct {
	Op string `json:"op"`
	// ChangeSummary is the Automation API's: the update summary's resource changes for up and destroy,
	// the preview's change summary for preview.
	ChangeSummary map[string]int `json:"changeSummary,omitempty"`
	Steps         []Step         `json:"steps,omitempty"`
	// Outputs are the stack's outputs after up, a secret one as "[secret]" (as `pulumi stack output`).
	Outputs map[string]any `json:"outputs,omitempty"`
	Seconds float64        `json:"seconds"`
	Error   string         `json:"error,omitempty"`
}

// program is the inline program: an outMail service, and a MailUp account with a pack of credits.
// tariff and quantity are what a regrade changes.
func program(tariff string, quantity int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		relay, err := outmail.NewService(ctx, "relay", &outmail.ServiceArgs{
			ClientId:    pulumi.String("9987606"),
			ServiceName: pulumi.String(tariff),
			Username:    pulumi.String("go-relay"),
			Password:    conf.RequireSecret("relayPassword"),
		})
		if err != nil {
			return err
		}
		console, err := mailup.NewAccount(ctx, "console", &mailup.AccountArgs{
			Profile:          pulumi.String("Economy"),
			Language:         pulumi.String("EN"),
			IpAddress:        pulumi.String("192.0.2.20"),
			Email:            pulumi.String("marketing@go.example"),
			CustomDomain:     pulumi.String("go.example"),
			CustomSubdomain:  pulumi.String("news"),
			ServiceName:      pulumi.String("Go newsletters"),
			ServiceUrl:       pulumi.String("www.go.example/newsletters"),
			ServiceLogoutUrl: pulumi.String("www.go.example"),
		})
		if err != nil {
			return err
		}
		credits, err := mailup.NewAccountPack(ctx, "credits", &mailup.AccountPackArgs{
			AccountId: console.AccountId,
			Pack:      pulumi.String("Crediti300"),
			Quantity:  pulumi.Int(quantity),
		})
		if err != nil {
			return err
		}
		ctx.Export("liveServiceId", relay.LiveServiceId)
		ctx.Export("serviceName", relay.ServiceName)
		ctx.Export("accountId", console.AccountId)
		ctx.Export("quantity", credits.Quantity)
		ctx.Export("currentQuantity", credits.CurrentQuantity)
		return nil
	}
}

func main() {
	dir := flag.String("dir", "", "the test's folder: the project and its stack settings go to DIR/project")
	configFile := flag.String("config", "", "stack config, a JSON object of KEY: {value, secret}")
	tariff := flag.String("tariff", "Outmail500", "the outMail service's serviceName")
	quantity := flag.Int("quantity", 2, "the MailUp pack's quantity")
	flag.Parse()
	if *dir == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: go-program -dir DIR [-config FILE] [-tariff T] [-quantity N] OP...")
		os.Exit(2)
	}

	ctx := context.Background()
	workDir := filepath.Join(*dir, "project")
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		fail(Result{Op: "workspace", Error: err.Error()})
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, projectName, program(*tariff, *quantity),
		auto.WorkDir(workDir), auto.SecretsProvider("passphrase"))
	if err != nil {
		fail(Result{Op: "workspace", Error: err.Error()})
	}
	for _, op := range flag.Args() {
		start := time.Now()
		result, err := run(ctx, stack, op, *configFile)
		result.Op = op
		result.Seconds = time.Since(start).Seconds()
		if err != nil {
			result.Error = err.Error()
			fail(result)
		}
		emit(result)
	}
}

func run(ctx context.Context, stack auto.Stack, op, configFile string) (Result, error) {
	switch op {
	case "config":
		return Result{}, setConfig(ctx, stack, configFile)
	case "up":
		stream, wait := collectSteps()
		res, err := stack.Up(ctx, optup.EventStreams(stream))
		result := Result{Steps: wait()}
		if err != nil {
			return result, err
		}
		result.ChangeSummary = changes(res.Summary.ResourceChanges)
		result.Outputs = outputs(res.Outputs)
		return result, nil
	case "preview":
		stream, wait := collectSteps()
		res, err := stack.Preview(ctx, optpreview.EventStreams(stream))
		result := Result{Steps: wait()}
		if err != nil {
			return result, err
		}
		result.ChangeSummary = map[string]int{}
		for kind, n := range res.ChangeSummary {
			result.ChangeSummary[string(kind)] = n
		}
		return result, nil
	case "destroy":
		stream, wait := collectSteps()
		res, err := stack.Destroy(ctx, optdestroy.EventStreams(stream))
		result := Result{Steps: wait()}
		if err != nil {
			return result, err
		}
		result.ChangeSummary = changes(res.Summary.ResourceChanges)
		return result, nil
	default:
		return Result{}, fmt.Errorf("unknown operation %q (config, up, preview, destroy)", op)
	}
}

// setConfig sets the stack's config from the file: the plain values in one call, each secret through
// `pulumi config set --secret` with its value on stdin, because the Automation API's SetAllConfig puts
// values on the CLI's command line, where an error message or a process listing would show them.
func setConfig(ctx context.Context, stack auto.Stack, file string) error {
	if file == "" {
		return fmt.Errorf("config needs -config FILE")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var entries map[string]ConfigEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	plain := auto.ConfigMap{}
	var secrets []string
	for key, entry := range entries {
		if entry.Secret {
			secrets = append(secrets, key)
		} else {
			plain[key] = auto.ConfigValue{Value: entry.Value}
		}
	}
	if len(plain) > 0 {
		if err := stack.SetAllConfig(ctx, plain); err != nil {
			return err
		}
	}
	sort.Strings(secrets)
	ws := stack.Workspace()
	var env []string
	for k, v := range ws.GetEnvVars() {
		env = append(env, k+"="+v)
	}
	for _, key := range secrets {
		_, stderr, _, err := ws.PulumiCommand().Run(ctx, ws.WorkDir(), strings.NewReader(entries[key].Value),
			nil, nil, env, "config", "set", "--secret", key, "--stack", stack.Name())
		if err != nil {
			return fmt.Errorf("pulumi config set --secret %s: %w: %s", key, err, strings.TrimSpace(stderr))
		}
	}
	return nil
}

// collectSteps returns a channel for an operation's event stream and a function that, once the
// operation has returned (the Automation API closes the channel then), gives the resource steps in
// the order the engine announced them.
func collectSteps() (chan events.EngineEvent, func() []Step) {
	stream := make(chan events.EngineEvent)
	done := make(chan struct{})
	steps := []Step{}
	go func() {
		defer close(done)
		for event := range stream {
			if pre := event.ResourcePreEvent; pre != nil {
				m := pre.Metadata
				steps = append(steps, Step{Op: string(m.Op), URN: m.URN, Type: m.Type, Diffs: m.Diffs})
			}
		}
	}()
	return stream, func() []Step {
		<-done
		return steps
	}
}

func changes(summary *map[string]int) map[string]int {
	if summary == nil {
		return map[string]int{}
	}
	return *summary
}

func outputs(values auto.OutputMap) map[string]any {
	out := map[string]any{}
	for key, v := range values {
		if v.Secret {
			out[key] = "[secret]"
		} else {
			out[key] = v.Value
		}
	}
	return out
}

func emit(result Result) {
	line, err := json.Marshal(result)
	if err != nil {
		line = []byte(fmt.Sprintf(`{"op":%q,"error":%q}`, result.Op, err.Error()))
	}
	fmt.Println(string(line))
}

func fail(result Result) {
	emit(result)
	os.Exit(1)
}
