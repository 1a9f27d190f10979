import Evaluation
import Foundation

/// The stable machine form: `{"checklists": [...]}` and `{"cases": [...]}`, the models' own
/// `Codable` (snake_case keys), pretty-printed with sorted keys and unescaped slashes, documented
/// by `schema/checklist.schema.json` and `schema/findings.schema.json`.
///
/// Money is a JSON number in dollars, written from the `Decimal`'s own digits: Foundation's
/// `JSONEncoder` writes a `Decimal` as its exact decimal text (`1234.5`, `0.1`, `99999999.99`),
/// with no pass through binary floating point, so no `1234.4999999` artifacts. Trailing zeros
/// are not kept (`1250` for $1,250.00). `JSONOutputTests` pins this down. Optional values that
/// are absent are left out rather than written as `null`.
enum JSONOutput {
  struct Checklists: Encodable { var checklists: [Checklist] }
  struct Cases: Encodable { var cases: [CaseReport] }

  /// Encodes a value with the stable settings; ends with a newline.
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
      // Only a non-finite Decimal could get here; say so in JSON rather than crash.
      let message = "\(error)".replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      return "{\n  \"error\" : \"\(message.replacingLineBreaks())\"\n}\n"
    }
  }

  static func checklists(_ checklists: [Checklist]) -> String { encode(Checklists(checklists: checklists)) }
  static func cases(_ reports: [CaseReport]) -> String { encode(Cases(cases: reports)) }
}
