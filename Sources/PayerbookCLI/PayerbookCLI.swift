import Diagnostics
import Foundation

/// The `payerbook` command line: finds the subcommand, parses its options, runs it.
public enum PayerbookCLI {
  /// The version printed by `--version`.
  public static let version = "0.1.0"

  /// Every subcommand, in the order `--help` lists them.
  public static var commands: [any Subcommand.Type] {
    [
    AppealCommand.self,
    CheckCommand.self,
    TestCommand.self,
    IngestCommand.self,
    WorklistCommand.self,
    AppealSentCommand.self,
    OutcomeCommand.self,
    StatsCommand.self,
    SuggestCommand.self,
    BacktestCommand.self,
    SimulateCommand.self,
    LintCommand.self,
    RemitCommand.self, ClaimCommand.self,
    SchemaCommand.self,
    DiagnosticsCommand.self,
    ]
  }

  /// Runs with the process's arguments (including the program name) and returns the exit code.
  public static func main(_ argv: [String], console: Console = .standard()) -> Int32 {
    let args = Array(argv.dropFirst())
    guard let first = args.first else {
      console.out(overview())
      return ExitCode.ok
    }
    switch first {
    case "-h", "--help", "help":
      if args.count > 1, let command = find(args[1]) {
        console.out(help(for: command))
      } else {
        console.out(overview())
      }
      return ExitCode.ok
    case "--version", "version":
      console.out("payerbook \(version)\n")
      return ExitCode.ok
    default:
      break
    }
    guard let command = find(first) else {
      let names = commands.map { $0.name }
      let guess = Spelling.suggestion(for: first, among: names)
      usageError(
        UsageError(
          message: first.hasPrefix("-") ? "unknown option `\(first)`" : "unknown command `\(first)`",
          help: guess.map { "did you mean `payerbook \($0)`?" } ?? "run `payerbook --help` for the list of commands"),
        console: console)
      return ExitCode.usage
    }
    switch ArgumentParser.parse(Array(args.dropFirst()), options: command.options, command: command.name) {
    case .failure(let error):
      usageError(error, console: console)
      return ExitCode.usage
    case .success(let parsed):
      if parsed.has("--help") {
        console.out(help(for: command))
        return ExitCode.ok
      }
      return command.run(parsed, console)
    }
  }

  static func find(_ name: String) -> (any Subcommand.Type)? {
    commands.first { $0.name == name }
  }

  /// Prints a usage error on standard error.
  public static func usageError(_ error: UsageError, console: Console) {
    console.err("payerbook: error: \(error.message)\n")
    if let help = error.help { console.err("  help: \(help)\n") }
  }

  /// The top-level help.
  public static func overview() -> String {
    var out = """
      payerbook \(version): payer playbooks for denial management

      USAGE: payerbook <command> [options]

      COMMANDS:

      """
    let width = (commands.map { $0.name.count }.max() ?? 8) + 2
    for command in commands {
      out += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    out += """

      Run `payerbook <command> --help` for a command's options and examples.

      EXIT CODES: 0 ok; 1 the input has errors or findings; 2 usage or I/O error.

      """
    return out
  }

  /// A command's help: usage, discussion, options, examples.
  public static func help(for command: any Subcommand.Type) -> String {
    var out = "payerbook \(command.name): \(command.summary)\n\nUSAGE: payerbook \(command.name) \(command.usage)\n"
    if !command.discussion.isEmpty { out += "\n" + command.discussion + "\n" }
    out += "\nOPTIONS:\n"
    var rows: [(String, String)] = command.options.map { spec in
      var left = spec.name
      if let value = spec.value { left += " " + (spec.choices?.joined(separator: "|") ?? value) }
      return (left, spec.help)
    }
    rows.append(("-h, --help", "Show this help."))
    let width = min(34, (rows.map { $0.0.count }.max() ?? 10) + 2)
    for (left, text) in rows {
      if left.count + 2 > width {
        out += "  \(left)\n" + String(repeating: " ", count: width + 2) + text + "\n"
      } else {
        out += "  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + text + "\n"
      }
    }
    if !command.examples.isEmpty {
      out += "\nEXAMPLES:\n"
      for (line, comment) in command.examples {
        out += "  # \(comment)\n  \(line)\n"
      }
    }
    return out
  }
}
