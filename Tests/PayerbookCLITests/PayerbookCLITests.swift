import Foundation
import Testing

@testable import PayerbookCLI

/// Runs the CLI in-process and returns (exit code, stdout, stderr).
func run(_ args: String..., environment: [String: String] = [:]) -> (Int32, String, String) {
  run(args, environment: environment)
}

/// Runs the CLI in-process with an argument list.
func run(_ args: [String], environment: [String: String] = [:]) -> (Int32, String, String) {
  let console = Console.capturing(environment: environment, workingDirectory: packageRoot)
  let code = PayerbookCLI.main(["payerbook"] + args, console: console)
  return (code, console.stdout, console.stderr)
}

@Suite struct PayerbookCLITests {
  @Test func versionAndOverview() {
    let (code, out, _) = run("--version")
    #expect(code == 0)
    #expect(out == "payerbook \(PayerbookCLI.version)\n")
    let (code2, overview, _) = run("--help")
    #expect(code2 == 0)
    for command in ["lint", "schema", "diagnostics"] { #expect(overview.contains("\n  \(command) ")) }
    #expect(overview.contains("EXIT CODES: 0 ok; 1 the input has errors or findings; 2 usage or I/O error."))
  }

  @Test func everyCommandHasHelpWithExamples() {
    for command in PayerbookCLI.commands {
      let (code, out, _) = run(command.name, "--help")
      #expect(code == 0)
      #expect(out.hasPrefix("payerbook \(command.name): "))
      #expect(out.contains("EXAMPLES:"), "\(command.name) --help has no examples")
      #expect(!command.examples.isEmpty)
    }
  }

  @Test func unknownCommandSuggestsTheClosest() {
    let (code, out, err) = run("lnt")
    #expect(code == 2)
    #expect(out.isEmpty)
    #expect(err == "payerbook: error: unknown command `lnt`\n  help: did you mean `payerbook lint`?\n")
  }

  @Test func unknownOptionSuggestsTheClosest() {
    let (code, _, err) = run("lint", "--strcit")
    #expect(code == 2)
    #expect(err == "payerbook: error: unknown option `--strcit` for `payerbook lint`\n  help: did you mean `--strict`?\n")
  }

  @Test func badOptionValueListsChoices() {
    let (code, _, err) = run("lint", "--format", "jsn")
    #expect(code == 2)
    #expect(err.contains("`--format` cannot be `jsn`"))
    #expect(err.contains("did you mean `json`?"))
    let (code2, _, err2) = run("lint", "--format")
    #expect(code2 == 2)
    #expect(err2.contains("`--format` needs a value"))
  }

  @Test func argumentParserAcceptsEqualsAndDoubleDash() throws {
    let specs: [OptionSpec] = [.option("--format", "F", choices: ["text", "json"], "f"), .flag("--strict", "s")]
    let parsed = try ArgumentParser.parse(["--format=json", "a", "--strict", "--", "--not-a-flag"], options: specs, command: "x").get()
    #expect(parsed["--format"] == "json")
    #expect(parsed.has("--strict"))
    #expect(parsed.positionals == ["a", "--not-a-flag"])
  }
}
