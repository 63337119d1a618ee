import ArgumentParser

/// `--json`: one option, one help text, for every command that can print JSON for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text (schema in docs/cli.md).")
    var json = false
}
