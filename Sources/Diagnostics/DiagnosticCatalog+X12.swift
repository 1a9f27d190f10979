// Diagnostic codes of the X12 reader (PB6xx) and the case JSON reader (PB7xx).
// Keep codes stable: add, never renumber.

extension DiagnosticCode {
  // MARK: PB6xx: X12 files (835 remittances, 837P claims)

  /// The file does not begin with an ISA interchange header.
  public static let x12MissingISA = DiagnosticCode(
    "PB601", "x12-missing-isa", .error,
    "An X12 file starts with an ISA header; without it the delimiters are guessed from the first segment."
  )
  /// The ISA segment is not the fixed 106 bytes.
  public static let x12ISALength = DiagnosticCode(
    "PB602", "x12-isa-length", .warning,
    "The ISA header must be 106 bytes with fixed-width elements; the delimiters were found by counting separators instead."
  )
  /// The ISA declares delimiters that cannot work.
  public static let x12BadDelimiters = DiagnosticCode(
    "PB603", "x12-bad-delimiters", .error,
    "The ISA delimiters are unusable (a letter or digit, or the same byte used twice); the interchange is skipped."
  )
  /// The file ends inside a segment.
  public static let x12Truncated = DiagnosticCode(
    "PB604", "x12-truncated", .error,
    "The file ends in the middle of a segment, so it was cut off; ask for the file again.")
  /// The last segment has no terminator.
  public static let x12MissingTerminator = DiagnosticCode(
    "PB605", "x12-missing-final-terminator", .warning,
    "The last segment of the file is complete but has no segment terminator after it.")
  /// A space just before a segment terminator.
  public static let x12SpaceBeforeTerminator = DiagnosticCode(
    "PB606", "x12-space-before-terminator", .warning,
    "A segment ends with a space before its terminator; the space was ignored.")
  /// SE01 does not match the number of segments in the transaction.
  public static let x12SegmentCount = DiagnosticCode(
    "PB607", "x12-segment-count", .error,
    "SE01 must count the segments of the transaction from ST to SE inclusive.")
  /// A trailer's control number does not match its header.
  public static let x12ControlNumber = DiagnosticCode(
    "PB608", "x12-control-number", .error,
    "Trailer control numbers must repeat the header's: SE02 = ST02, GE02 = GS06, IEA02 = ISA13.")
  /// GE01 or IEA01 does not count what the envelope holds.
  public static let x12EnvelopeCount = DiagnosticCode(
    "PB609", "x12-envelope-count", .error,
    "GE01 counts the transactions of the group and IEA01 the groups of the interchange.")
  /// A header without its trailer, a trailer without its header, or a segment outside any
  /// transaction.
  public static let x12EnvelopeStructure = DiagnosticCode(
    "PB610", "x12-envelope-structure", .error,
    "ISA/IEA, GS/GE and ST/SE must pair up and nest; a segment was found outside its envelope.")
  /// A segment id that is not two or three letters and digits.
  public static let x12BadSegmentID = DiagnosticCode(
    "PB611", "x12-bad-segment-id", .error,
    "A segment starts with an id of two or three capital letters or digits; this one does not, so it was skipped."
  )
  /// A money or number element that is not a decimal number.
  public static let x12InvalidNumber = DiagnosticCode(
    "PB612", "x12-invalid-number", .error,
    "Amounts and quantities are decimal numbers such as `125.00` or `-10`; the value was read as missing."
  )
  /// A date element that is not a CCYYMMDD calendar date.
  public static let x12InvalidDate = DiagnosticCode(
    "PB613", "x12-invalid-date", .warning,
    "Dates in X12 are written CCYYMMDD: a value that is not one is ignored; a real date before 1900 or after 2199 is kept and flagged, since deadlines counted from it would be far off.")
  /// A required element is empty.
  public static let x12MissingElement = DiagnosticCode(
    "PB614", "x12-missing-element", .error,
    "A required element is empty or missing; the segment was read without it.")
  /// A transaction set the reader does not handle.
  public static let x12OtherTransaction = DiagnosticCode(
    "PB615", "x12-other-transaction", .note,
    "The transaction set is not the one this command reads (835 for remittances, 837 for claims); it was skipped."
  )
  /// CLP03 - CLP04 does not equal the claim's adjustments.
  public static let x12UnbalancedClaim = DiagnosticCode(
    "PB616", "x12-unbalanced-claim", .warning,
    "A claim's billed minus paid should equal the sum of its claim and line adjustments.")
  /// SVC02 - SVC03 does not equal the line's adjustments.
  public static let x12UnbalancedLine = DiagnosticCode(
    "PB617", "x12-unbalanced-line", .warning,
    "A service line's billed minus paid should equal the sum of its adjustments.")
  /// A composite written with another separator than the ISA declares.
  public static let x12ComponentSeparator = DiagnosticCode(
    "PB618", "x12-component-separator", .warning,
    "A composite element uses a different component separator than ISA16 declares; it was split on the one it uses."
  )
  /// A segment where its loop does not allow it.
  public static let x12SegmentOrder = DiagnosticCode(
    "PB619", "x12-segment-order", .warning,
    "The segment is not expected at this place of the transaction; it was ignored.")
  /// The file holds no transaction of the kind asked for.
  public static let x12NoTransactions = DiagnosticCode(
    "PB620", "x12-no-transactions", .error,
    "The file holds no 835 (for `remit`) or 837 (for `claim`) transaction.")
  /// A value that is not in the allowed set.
  public static let x12InvalidValue = DiagnosticCode(
    "PB621", "x12-invalid-value", .warning,
    "The element holds a value outside its code list; it was kept as written.")
  /// A remittance line that cannot be matched to a submitted line.
  public static let x12UnmatchedLine = DiagnosticCode(
    "PB622", "x12-unmatched-line", .warning,
    "A remittance service line matches no submitted line by line control number, code and modifiers, or code."
  )
  /// The file ends inside a claim.
  public static let x12IncompleteClaim = DiagnosticCode(
    "PB623", "x12-incomplete-claim", .error,
    "The file ends inside a claim (its transaction has no SE), so the claim may lack lines or adjustments; it is left out. Ask for the complete file."
  )

  static let x12Codes: [DiagnosticCode] = [
    x12MissingISA, x12ISALength, x12BadDelimiters, x12Truncated, x12MissingTerminator,
    x12SpaceBeforeTerminator, x12SegmentCount, x12ControlNumber, x12EnvelopeCount,
    x12EnvelopeStructure, x12BadSegmentID, x12InvalidNumber, x12InvalidDate, x12MissingElement,
    x12OtherTransaction, x12UnbalancedClaim, x12UnbalancedLine, x12ComponentSeparator,
    x12SegmentOrder, x12NoTransactions, x12InvalidValue, x12UnmatchedLine, x12IncompleteClaim,
  ]

  // MARK: PB7xx: case JSON files

  /// The case file is not valid JSON.
  public static let caseSyntax = DiagnosticCode(
    "PB701", "case-json-syntax", .error, "The case file is not valid JSON.")
  /// A required case field is missing.
  public static let caseMissingField = DiagnosticCode(
    "PB702", "case-missing-field", .error,
    "A required field of the case format is missing; see docs/case-format.md.")
  /// A case field has the wrong JSON type.
  public static let caseWrongType = DiagnosticCode(
    "PB703", "case-wrong-type", .error,
    "A case field has the wrong JSON type (string, number, list or object); see docs/case-format.md."
  )
  /// A case field holds a value of the right type but the wrong shape.
  public static let caseInvalidValue = DiagnosticCode(
    "PB704", "case-invalid-value", .error,
    "A case value is malformed: dates are `YYYY-MM-DD`, money is a decimal number, codes have their usual shape."
  )
  /// A key the case format does not define.
  public static let caseUnknownKey = DiagnosticCode(
    "PB705", "case-unknown-key", .error,
    "The key is not part of the case format; check its spelling against the suggestion.")

  static let caseCodes: [DiagnosticCode] = [
    caseSyntax, caseMissingField, caseWrongType, caseInvalidValue, caseUnknownKey,
  ]
}
