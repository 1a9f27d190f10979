import Diagnostics
import Foundation
import OutcomeStore

/// Opening the outcome store for commands.
enum StoreAccess {
  static let options: [OptionSpec] = [
    .option("--db", "PATH", "The database (default: $PAYERBOOK_DB, else ./payerbook.db).")
  ]

  /// `--db`, else `$PAYERBOOK_DB`, else `payerbook.db`.
  static func path(_ arguments: ParsedArguments, _ console: Console) -> String {
    arguments["--db"] ?? console.environment["PAYERBOOK_DB"] ?? "payerbook.db"
  }

  /// Who is acting: `--by`, else `$PAYERBOOK_USER`, else `$USER`.
  static func actor(_ arguments: ParsedArguments, _ console: Console) -> String {
    arguments["--by"] ?? console.environment["PAYERBOOK_USER"] ?? console.environment["USER"] ?? "unknown"
  }

  /// Opens the store, printing a clear error on failure.
  static func open(_ arguments: ParsedArguments, _ console: Console, create: Bool) -> SQLiteOutcomeStore? {
    let path = path(arguments, console)
    do {
      return try SQLiteOutcomeStore(path: path, create: create, actor: actor(arguments, console))
    } catch let error as StoreError {
      report(error, console)
      return nil
    } catch {
      console.err("payerbook: error: \(error)\n")
      return nil
    }
  }

  static func report(_ error: StoreError, _ console: Console) {
    console.err("payerbook: error: \(error.message)\n")
    if let help = error.help { console.err("  help: \(help)\n") }
  }

  /// Runs a store operation, turning store errors into exit code 2.
  static func attempt(_ console: Console, _ body: () throws -> Int32) -> Int32 {
    do {
      return try body()
    } catch let error as StoreError {
      report(error, console)
      return ExitCode.usage
    } catch {
      console.err("payerbook: error: \(error)\n")
      return ExitCode.usage
    }
  }
}
