import Diagnostics

/// One option a subcommand accepts.
public struct OptionSpec: Sendable {
  /// The long name with dashes, e.g. `--format`.
  public var name: String
  /// The value's placeholder (`FORMAT`), or nil for a flag.
  public var value: String?
  /// The allowed values, when fixed.
  public var choices: [String]?
  /// One line of help.
  public var help: String

  /// An option that takes a value.
  public static func option(_ name: String, _ value: String, choices: [String]? = nil, _ help: String) -> OptionSpec {
    OptionSpec(name: name, value: value, choices: choices, help: help)
  }

  /// A flag without value.
  public static func flag(_ name: String, _ help: String) -> OptionSpec {
    OptionSpec(name: name, value: nil, choices: nil, help: help)
  }
}

/// A subcommand of `payerbook`.
public protocol Subcommand {
  /// The word typed after `payerbook`.
  static var name: String { get }
  /// One line for the command list.
  static var summary: String { get }
  /// The usage line after `payerbook NAME`, e.g. `[PATH...] [--strict]`.
  static var usage: String { get }
  /// A paragraph for `--help`.
  static var discussion: String { get }
  /// Options accepted (besides `--help`).
  static var options: [OptionSpec] { get }
  /// Example invocations, each with a comment.
  static var examples: [(String, String)] { get }
  /// Runs the command and returns the exit code.
  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32
}

/// Exit codes, documented in the README.
public enum ExitCode {
  /// Everything is fine.
  public static let ok: Int32 = 0
  /// The input has errors or findings.
  public static let findings: Int32 = 1
  /// Usage or I/O error.
  public static let usage: Int32 = 2
}

/// Arguments after parsing: positionals, option values and flags.
public struct ParsedArguments: Sendable {
  /// Arguments that are not options, in order.
  public var positionals: [String] = []
  /// Option values by name (`--format` -> `json`); repeated options keep the last.
  public var values: [String: String] = [:]
  /// Flags given.
  public var flags: Set<String> = []

  /// The value of an option.
  public subscript(_ name: String) -> String? { values[name] }

  /// Whether a flag was given.
  public func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// A command-line usage problem.
public struct UsageError: Error, Sendable {
  /// What is wrong.
  public var message: String
  /// The likely fix.
  public var help: String?
}

/// Parses arguments against a command's options.
public enum ArgumentParser {
  /// Parses `args` (without the command name). `--name=value` and `--name value` both work; `--`
  /// ends options.
  public static func parse(_ args: [String], options: [OptionSpec], command: String) -> Result<ParsedArguments, UsageError> {
    var parsed = ParsedArguments()
    var i = 0
    var onlyPositionals = false
    while i < args.count {
      let arg = args[i]
      i += 1
      if onlyPositionals || !arg.hasPrefix("-") || arg == "-" {
        parsed.positionals.append(arg)
        continue
      }
      if arg == "--" {
        onlyPositionals = true
        continue
      }
      if arg == "-h" || arg == "--help" {
        parsed.flags.insert("--help")
        continue
      }
      var name = arg
      var inlineValue: String?
      if let eq = arg.firstIndex(of: "=") {
        name = String(arg[..<eq])
        inlineValue = String(arg[arg.index(after: eq)...])
      }
      guard let spec = options.first(where: { $0.name == name }) else {
        let guess = Spelling.suggestion(for: name, among: options.map(\.name))
        return .failure(
          UsageError(
            message: "unknown option `\(name)` for `payerbook \(command)`",
            help: guess.map { "did you mean `\($0)`?" } ?? "see `payerbook \(command) --help`"))
      }
      if spec.value == nil {
        if inlineValue != nil {
          return .failure(UsageError(message: "`\(name)` takes no value", help: "write `\(name)` alone"))
        }
        parsed.flags.insert(name)
        continue
      }
      var value = inlineValue
      if value == nil {
        guard i < args.count else {
          return .failure(UsageError(message: "`\(name)` needs a value (\(spec.value!))", help: "write `\(name) \(spec.choices?.first ?? spec.value!)`"))
        }
        value = args[i]
        i += 1
      }
      if let choices = spec.choices, let v = value, !choices.contains(v) {
        let guess = Spelling.suggestion(for: v, among: choices)
        return .failure(
          UsageError(
            message: "`\(name)` cannot be `\(v)`",
            help: guess.map { "did you mean `\($0)`?" } ?? "use one of: \(choices.joined(separator: ", "))"))
      }
      parsed.values[name] = value
    }
    return .success(parsed)
  }
}
