import Claims
import Diagnostics
import Foundation
import Testing

@testable import X12Reading

/// Walks every 835 and 837 in the shared corpus and compares what the readers find with
/// `Golden/corpus-expected.json`, whose values were checked by hand against the segments.
@Suite struct CorpusConformanceTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `$PAYERBOOK_CORPUS`, else `../shared/corpus` beside the package; nil when neither exists.
  static var corpus: URL? {
    if let env = ProcessInfo.processInfo.environment["PAYERBOOK_CORPUS"], !env.isEmpty {
      return URL(fileURLWithPath: env)
    }
    let sibling = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    return FileManager.default.fileExists(atPath: sibling.path) ? sibling : nil
  }

  struct Expected: Decodable {
    var interchanges: Int
    var transactions: Int
    var claims: Int
    var lines: Int
    var billed: Decimal
    var paid: Decimal
    var deniedClaims: [String]?
    var partialClaims: [String]?
    var deniedLines: Int?
    var errors: [String]
    var warnings: [String: Int]?

    enum CodingKeys: String, CodingKey {
      case interchanges, transactions, claims, lines, billed, paid, errors, warnings
      case deniedClaims = "denied_claims"
      case partialClaims = "partial_claims"
      case deniedLines = "denied_lines"
    }
  }

  static func golden() throws -> [String: Expected] {
    guard let url = Bundle.module.url(forResource: "corpus-expected", withExtension: "json", subdirectory: "Golden") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: url))
  }

  /// `PB607@12` for each error: code and segment number.
  static func errors(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .error }.map { d in
      let text = d.message
      var segment = "?"
      if text.hasPrefix("segment "), let n = text.dropFirst(8).split(separator: " ").first {
        segment = String(n.filter(\.isNumber))
      }
      return "\(d.code.id)@\(segment)"
    }
  }

  /// The number of warnings of each code.
  static func warnings(_ diagnostics: [Diagnostic]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for d in diagnostics where d.severity == .warning { counts[d.code.id, default: 0] += 1 }
    return counts
  }

  static func files(_ folder: String) -> [URL] {
    guard let corpus else { return [] }
    let dir = corpus.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.sorted().map { dir.appendingPathComponent($0) }
  }

  @Test func everyCorpus835MatchesTheGolden() throws {
    guard Self.corpus != nil else {
      print("SKIP corpus conformance: ../shared/corpus not found and PAYERBOOK_CORPUS not set")
      return
    }
    let golden = try Self.golden()
    let files = Self.files("835")
    #expect(!files.isEmpty)
    for url in files {
      let key = "835/" + url.lastPathComponent
      var options = RemittanceReader.Options()
      options.diagnosticLimit = .max
      let result = try RemittanceReader.read(path: url.path, options: options)
      let claims = result.remittances.flatMap(\.claims)
      let actual = Summary(
        interchanges: result.counts.interchanges, transactions: result.remittances.count,
        claims: claims.count, lines: claims.reduce(0) { $0 + $1.lines.count },
        billed: claims.reduce(Decimal(0)) { $0 + $1.billed }, paid: claims.reduce(Decimal(0)) { $0 + $1.paid },
        deniedClaims: result.remittances.flatMap(\.denials).filter { $0.denial?.kind == .denied }.map(\.patientControlNumber),
        partialClaims: result.remittances.flatMap(\.denials).filter { $0.denial?.kind == .partial }.map(\.patientControlNumber),
        deniedLines: claims.filter { $0.reversedLater != true }.reduce(0) { $0 + $1.deniedLines.count },
        errors: Self.errors(result.diagnostics), warnings: Self.warnings(result.diagnostics))
      Self.printActual(key, actual, result.diagnostics)
      guard let expected = golden[key] else {
        Issue.record("no golden entry for \(key)")
        continue
      }
      #expect(actual.interchanges == expected.interchanges, "\(key) interchanges")
      #expect(actual.transactions == expected.transactions, "\(key) transactions")
      #expect(actual.claims == expected.claims, "\(key) claims")
      #expect(actual.lines == expected.lines, "\(key) lines")
      #expect(actual.billed == expected.billed, "\(key) billed")
      #expect(actual.paid == expected.paid, "\(key) paid")
      #expect(actual.deniedClaims == (expected.deniedClaims ?? []), "\(key) denied claims")
      #expect(actual.partialClaims == (expected.partialClaims ?? []), "\(key) partial denials")
      #expect(actual.deniedLines == (expected.deniedLines ?? 0), "\(key) denied lines")
      #expect(actual.errors == expected.errors, "\(key) errors")
      #expect(actual.warnings == (expected.warnings ?? [:]), "\(key) warnings")
    }
  }

  @Test func everyCorpus837MatchesTheGolden() throws {
    guard Self.corpus != nil else {
      print("SKIP corpus conformance: ../shared/corpus not found and PAYERBOOK_CORPUS not set")
      return
    }
    let golden = try Self.golden()
    let files = Self.files("837")
    #expect(!files.isEmpty)
    for url in files {
      let key = "837/" + url.lastPathComponent
      let result = try ClaimReader.read(path: url.path)
      let actual = Summary(
        interchanges: result.counts.interchanges, transactions: result.transactions,
        claims: result.cases.count, lines: result.cases.reduce(0) { $0 + $1.lines.count },
        billed: result.cases.reduce(Decimal(0)) { $0 + $1.totalCharge }, paid: 0,
        deniedClaims: [], partialClaims: [], deniedLines: 0,
        errors: Self.errors(result.diagnostics), warnings: Self.warnings(result.diagnostics))
      Self.printActual(key, actual, result.diagnostics)
      guard let expected = golden[key] else {
        Issue.record("no golden entry for \(key)")
        continue
      }
      #expect(actual.interchanges == expected.interchanges, "\(key) interchanges")
      #expect(actual.transactions == expected.transactions, "\(key) transactions")
      #expect(actual.claims == expected.claims, "\(key) claims")
      #expect(actual.lines == expected.lines, "\(key) lines")
      #expect(actual.billed == expected.billed, "\(key) billed")
      #expect(actual.errors == expected.errors, "\(key) errors")
      #expect(actual.warnings == (expected.warnings ?? [:]), "\(key) warnings")
    }
  }

  /// With `PAYERBOOK_PRINT_ACTUAL` set, prints what was read (to compare by hand, never to
  /// copy into the golden file unchecked).
  static func printActual(_ key: String, _ actual: Summary, _ diagnostics: [Diagnostic]) {
    guard let mode = ProcessInfo.processInfo.environment["PAYERBOOK_PRINT_ACTUAL"] else { return }
    print(key, actual)
    if mode == "verbose" { for d in diagnostics { print("   ", d) } }
  }

  struct Summary: CustomStringConvertible {
    var interchanges, transactions, claims, lines: Int
    var billed, paid: Decimal
    var deniedClaims, partialClaims: [String]
    var deniedLines: Int
    var errors: [String]
    var warnings: [String: Int]
    var description: String {
      "isa=\(interchanges) st=\(transactions) claims=\(claims) lines=\(lines) billed=\(billed) paid=\(paid) denied=\(deniedClaims) partial=\(partialClaims) deniedLines=\(deniedLines) errors=\(errors) warnings=\(warnings.sorted { $0.key < $1.key })"
    }
  }
}
