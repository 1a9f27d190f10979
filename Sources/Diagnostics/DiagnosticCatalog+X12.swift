// Diagnostic codes of the X12 reader (PB6xx) and the case JSON reader (PB7xx).
// Keep codes stable: add, never renumber.

extension DiagnosticCode {
  static let x12Codes: [DiagnosticCode] = []
  static let caseCodes: [DiagnosticCode] = []
}
