/// A stable diagnostic code.
///
/// Codes never change meaning once shipped: scripts and people search for them. Every code is
/// listed in ``DiagnosticCode/all`` and documented in `docs/diagnostics.md`, which is generated
/// from this catalogue (`payerbook diagnostics --markdown`) and checked by a test.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
  /// The code as printed, for example `PB201`.
  public let id: String
  /// A short kebab-case name, for example `unknown-key`.
  public let name: String
  /// The severity unless a caller overrides it.
  public let defaultSeverity: Severity
  /// One sentence on what the code means and how to fix it (for the reference).
  public let summary: String

  /// Creates a code. Add new codes to a catalogue file so they appear in ``all``.
  public init(_ id: String, _ name: String, _ severity: Severity, _ summary: String) {
    self.id = id
    self.name = name
    self.defaultSeverity = severity
    self.summary = summary
  }

  public var description: String { id }

  public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
  public func hash(into hasher: inout Hasher) { hasher.combine(id) }

  /// Every code, in code order.
  public static var all: [DiagnosticCode] {
    (inputCodes + yamlCodes + structureCodes + referenceCodes + codeValueCodes + semanticCodes
      + x12Codes + caseCodes).sorted { $0.id < $1.id }
  }
}
