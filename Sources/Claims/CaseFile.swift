import Diagnostics
import Foundation

/// Reads case JSON files (see `docs/case-format.md` and `schema/case.schema.json`).
///
/// A case file holds one case object or `{"cases": [...]}`. Problems become PB7xx diagnostics;
/// values of the `patient` object are never quoted in them.
public enum CaseFile {
  /// Decodes the cases in a file's bytes; returns the cases read and the diagnostics found.
  public static func decode(path: String, bytes: [UInt8]) -> (
    cases: [Case], diagnostics: [Diagnostic]
  ) {
    var result = decodeShowingSource(path: path, bytes: bytes)
    // Any line of a case file may hold patient data: diagnostics give the position only.
    for i in result.diagnostics.indices { result.diagnostics[i].showsSource = false }
    return result
  }

  static func decodeShowingSource(path: String, bytes: [UInt8]) -> (
    cases: [Case], diagnostics: [Diagnostic]
  ) {
    let file = SourceFile(path: path, bytes: bytes)
    var diagnostics: [Diagnostic] = []
    let data = Data(bytes)
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data, options: [])
    } catch {
      let d =
        JSONSyntax.diagnostic(.caseSyntax, what: "the case file", path: path, bytes: bytes)
        ?? Diagnostic(
          .caseSyntax, "the case file is not valid JSON", at: nil, help: "see docs/case-format.md",
          path: path)
      return ([], [d])
    }
    if let d = JSONSyntax.looseness(.caseSyntax, what: "the case file", path: path, bytes: bytes) {
      return ([], [d])
    }
    // Unknown keys first: a misspelt optional key would otherwise be silently dropped.
    let objects: [Any]
    if root is [Any] {
      // A bare list: the format is one case object or `{"cases": [...]}`.
      return (
        [],
        [
          Diagnostic(
            .caseWrongType,
            "the case file holds a bare list; it must hold one case object or `{\"cases\": [...]}`",
            at: nil, help: "wrap the list: {\"cases\": [ ... ]}; see docs/case-format.md",
            path: path)
        ]
      )
    }
    if let top = root as? [String: Any], let list = top["cases"] {
      guard let items = list as? [Any] else {
        return (
          [],
          [
            Diagnostic(
              .caseWrongType, "`cases` must be a list of case objects",
              at: span(ofKey: "cases", in: file),
              help: "write \"cases\": [ {...}, {...} ]; see docs/case-format.md", path: path)
          ]
        )
      }
      objects = items
      for key in top.keys where key != "cases" {
        diagnostics.append(unknownKey(key, in: "file", known: ["cases"], file: file))
      }
    } else {
      objects = [root]
    }
    for object in objects {
      checkKeys(object, schema: caseKeys, context: "case", file: file, into: &diagnostics)
    }

    let decoder = JSONDecoder()
    var cases: [Case] = []
    for (index, object) in objects.enumerated() {
      guard
        let one = try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
      else { continue }
      do {
        cases.append(try decoder.decode(Case.self, from: one))
      } catch let error as DecodingError {
        diagnostics.append(
          diagnostic(for: error, caseIndex: objects.count > 1 ? index : nil, file: file))
      } catch {
        diagnostics.append(Diagnostic(.caseInvalidValue, "\(error)", at: nil, path: path))
      }
    }
    for (index, c) in cases.enumerated() {
      diagnostics.append(
        contentsOf: validate(c, index: objects.count > 1 ? index : nil, file: file))
    }
    return (cases, diagnostics)
  }

  /// Reads and decodes a case file from disk.
  public static func read(path: String) -> (cases: [Case], diagnostics: [Diagnostic]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      return ([], [Diagnostic(.cannotRead, "cannot read `\(path)`", at: nil, path: path)])
    }
    return decode(path: path, bytes: Array(data))
  }

  /// Encodes cases as the case JSON format (sorted keys, pretty printed).
  public static func encode(_ cases: [Case]) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if cases.count == 1 { return try encoder.encode(cases[0]) }
    return try encoder.encode(["cases": cases])
  }

  // MARK: Keys

  indirect enum KeySchema: Sendable {
    case object([String: KeySchema])
    case list(KeySchema)
    case leaf
  }

  static let procedureKeys = KeySchema.object([
    "qualifier": .leaf, "code": .leaf, "modifiers": .leaf,
  ])
  static let caseKeys = KeySchema.object([
    "patient_control_number": .leaf,
    "payer": .object(["name": .leaf, "id": .leaf]),
    "plan_type": .leaf, "filing_indicator": .leaf, "payer_responsibility": .leaf,
    "place_of_service": .leaf, "frequency_code": .leaf, "total_charge": .leaf,
    "billing_npi": .leaf, "rendering_npi": .leaf, "diagnoses": .leaf,
    "lines": .list(
      .object(
        Dictionary(
          uniqueKeysWithValues: CaseLine.CodingKeys.allCases.map {
            ($0.rawValue, $0 == .procedure ? procedureKeys : KeySchema.leaf)
          }))),
    "prior_authorization": .object(
      Dictionary(
        uniqueKeysWithValues: PriorAuthorization.CodingKeys.allCases.map {
          ($0.rawValue, KeySchema.leaf)
        })),
    "original_claim_reference": .leaf,
    "attachments": .list(
      .object(
        Dictionary(
          uniqueKeysWithValues: Attachment.CodingKeys.allCases.map { ($0.rawValue, KeySchema.leaf) }
        ))),
    "notes": .leaf, "submission_date": .leaf,
    "patient": .object(
      Dictionary(
        uniqueKeysWithValues: CasePatient.CodingKeys.allCases.map { ($0.rawValue, KeySchema.leaf) })
    ),
  ])

  static func checkKeys(
    _ value: Any, schema: KeySchema, context: String, file: SourceFile, into out: inout [Diagnostic]
  ) {
    switch schema {
    case .leaf: return
    case .list(let element):
      guard let list = value as? [Any] else { return }
      for (i, item) in list.enumerated() {
        checkKeys(item, schema: element, context: "\(context)[\(i)]", file: file, into: &out)
      }
    case .object(let keys):
      guard let object = value as? [String: Any] else { return }
      for key in object.keys.sorted() {
        if let sub = keys[key] {
          checkKeys(
            object[key] as Any, schema: sub, context: context == "case" ? key : "\(context).\(key)",
            file: file, into: &out)
        } else {
          out.append(unknownKey(key, in: context, known: Array(keys.keys), file: file))
        }
      }
    }
  }

  static func unknownKey(_ key: String, in context: String, known: [String], file: SourceFile)
    -> Diagnostic
  {
    let suggestion = Spelling.suggestion(for: key, among: known.sorted())
    return Diagnostic(
      .caseUnknownKey, "unknown key `\(key)` in `\(context)`", at: span(ofKey: key, in: file),
      help: suggestion.map { "did you mean `\($0)`?" })
  }

  /// The first occurrence of `"key"` in the file, as a span (good enough to point at a key).
  static func span(ofKey key: String, in file: SourceFile) -> SourceSpan? {
    let needle = Array("\"\(key)\"".utf8)
    let bytes = file.bytes
    guard needle.count <= bytes.count else { return nil }
    var i = 0
    while i + needle.count <= bytes.count {
      if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle {
        return SourceSpan(
          file: file, start: file.position(ofByte: i), end: file.position(ofByte: i + needle.count))
      }
      i += 1
    }
    return nil
  }

  // MARK: Decoding errors

  static func pathText(_ path: [any CodingKey], caseIndex: Int?) -> String {
    var text = caseIndex.map { "cases[\($0)]" } ?? ""
    for key in path {
      if let i = key.intValue {
        text += "[\(i)]"
      } else {
        text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return text.isEmpty ? "case" : text
  }

  static func diagnostic(for error: DecodingError, caseIndex: Int?, file: SourceFile) -> Diagnostic
  {
    switch error {
    case .keyNotFound(let key, let context):
      let at = pathText(context.codingPath, caseIndex: caseIndex)
      return Diagnostic(
        .caseMissingField, "missing required field `\(key.stringValue)` in `\(at)`", at: nil,
        path: file.path)
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
      let at = pathText(context.codingPath, caseIndex: caseIndex)
      let last = context.codingPath.last?.stringValue
      return Diagnostic(
        .caseWrongType, "`\(at)` must be \(describe(type))",
        at: last.flatMap { span(ofKey: $0, in: file) }, path: file.path)
    case .dataCorrupted(let context):
      let at = pathText(context.codingPath, caseIndex: caseIndex)
      let last = context.codingPath.last?.stringValue
      // Values of the patient object are never quoted.
      let description =
        at.contains("patient.")
        ? context.debugDescription.replacingOccurrences(
          of: "`[^`]*`", with: "the value", options: .regularExpression)
        : context.debugDescription
      return Diagnostic(
        .caseInvalidValue, "`\(at)`: \(description)",
        at: last.flatMap { span(ofKey: $0, in: file) })
    @unknown default:
      return Diagnostic(.caseInvalidValue, "\(error)", at: nil, path: file.path)
    }
  }

  static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "text"
    case is Decimal.Type, is Int.Type, is Double.Type: return "a number"
    default:
      let name = String(describing: type)
      return name.hasPrefix("Array")
        ? "a list" : name.hasPrefix("Dictionary") ? "an object" : "a `\(name)`"
    }
  }

  // MARK: Values

  /// Checks value shapes the types alone do not: two-digit places of service, code shapes,
  /// non-negative money.
  static func validate(_ c: Case, index: Int?, file: SourceFile) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let prefix = index.map { "cases[\($0)]." } ?? ""
    func bad(_ field: String, _ message: String) {
      out.append(
        Diagnostic(
          .caseInvalidValue, "`\(prefix)\(field)`: \(message)",
          at: span(
            ofKey: field.split(separator: ".").last.map { String($0.split(separator: "[")[0]) }
              ?? field, in: file)))
    }
    if c.patientControlNumber.isEmpty { bad("patient_control_number", "must not be empty") }
    if let pos = c.placeOfService, !isPlaceOfService(pos) {
      bad(
        "place_of_service",
        "`\(pos)` is not a two-digit place of service code (write `02`, not `2`)")
    }
    for (i, d) in c.diagnoses.enumerated() where !isDiagnosis(d) {
      bad("diagnoses[\(i)]", "`\(d.display)` does not have the shape of an ICD-10 code")
    }
    for (i, line) in c.lines.enumerated() {
      if let pos = line.placeOfService, !isPlaceOfService(pos) {
        bad("lines[\(i)].place_of_service", "`\(pos)` is not a two-digit place of service code")
      }
      if line.procedure.code.isEmpty { bad("lines[\(i)].procedure.code", "must not be empty") }
      for m in line.procedure.modifiers where m.utf8.count != 2 {
        bad("lines[\(i)].procedure.modifiers", "modifier `\(m)` must be two characters")
      }
      if line.charge < 0 { bad("lines[\(i)].charge", "must not be negative") }
      for p in line.diagnosisPointers where p < 1 || p > max(1, c.diagnoses.count) {
        bad(
          "lines[\(i)].diagnosis_pointers",
          "pointer \(p) does not name one of the \(c.diagnoses.count) diagnoses")
      }
    }
    if c.totalCharge < 0 { bad("total_charge", "must not be negative") }
    return out
  }

  static func isPlaceOfService(_ s: String) -> Bool {
    s.utf8.count == 2 && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  static func isDiagnosis(_ d: DiagnosisCode) -> Bool {
    let u = Array(d.code.utf8)
    guard d.system == .icd10 else { return (3...5).contains(u.count) }
    guard (3...7).contains(u.count), u[0] >= 0x41, u[0] <= 0x5A, u[1] >= 0x30, u[1] <= 0x39 else {
      return false
    }
    return u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
  }
}
