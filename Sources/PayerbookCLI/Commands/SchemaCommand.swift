import Foundation
import PlaybookModel

/// `payerbook schema`: writes the JSON Schema of the playbook format for editors.
enum SchemaCommand: Subcommand {
  static let name = "schema"
  static let summary = "Write the JSON Schema of the playbook format (for editor completion)"
  static let usage = "[--out FILE]"
  static let discussion = """
    Prints the JSON Schema of the playbook format. The committed copy is
    schema/playbook.schema.json; every sample playbook starts with
    `# yaml-language-server: $schema=../schema/playbook.schema.json` so editors with the YAML
    extension complete keys and flag mistakes as you type.
    """
  static let options: [OptionSpec] = [
    .option("--out", "FILE", "Write to FILE instead of standard output.")
  ]
  static let examples = [
    ("payerbook schema --out schema/playbook.schema.json", "refresh the committed schema")
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let schema = JSONSchemaWriter.playbookSchema()
    guard let out = arguments["--out"] else {
      console.out(schema)
      return ExitCode.ok
    }
    do {
      try Data(schema.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
      console.err("wrote \(out)\n")
      return ExitCode.ok
    } catch {
      console.err("payerbook: error: cannot write `\(out)`: \(error.localizedDescription)\n")
      return ExitCode.usage
    }
  }
}
