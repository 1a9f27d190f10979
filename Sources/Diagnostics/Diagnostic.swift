/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: return 0
    case .warning: return 1
    case .note: return 2
    }
  }

  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem found in user input, with where it is and how to fix it.
///
/// Messages follow one style: a lowercase phrase without a final period, user values in
/// backticks, stated as the rule that was broken. `help` says the likely fix.
public struct Diagnostic: Sendable, CustomStringConvertible {
  /// The stable code, for example `PB201`; see `docs/diagnostics.md`.
  public var code: DiagnosticCode
  /// Error, warning or note.
  public var severity: Severity
  /// The message: lowercase phrase, no final period.
  public var message: String
  /// Where the problem is; nil for problems that have no position (a missing file).
  public var span: SourceSpan?
  /// The file path when there is no span (I/O errors).
  public var path: String?
  /// The likely fix.
  public var help: String?
  /// Further context, each with its own position (for example the first of two duplicates).
  public var notes: [Note]
  /// Whether people see the source line under the message. Off for files that hold patient
  /// data on any line (case and denial JSON): the position is given, the line is not shown.
  public var showsSource = true

  /// A secondary message attached to a diagnostic.
  public struct Note: Sendable {
    /// The note text.
    public var message: String
    /// Where it points, if anywhere.
    public var span: SourceSpan?

    /// Creates a note.
    public init(_ message: String, at span: SourceSpan? = nil) {
      self.message = message
      self.span = span
    }
  }

  /// Creates a diagnostic; the severity defaults to the code's own.
  public init(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, severity: Severity? = nil,
    help: String? = nil, notes: [Note] = [], path: String? = nil
  ) {
    self.code = code
    self.severity = severity ?? code.defaultSeverity
    self.message = message
    self.span = span
    self.help = help
    self.notes = notes
    self.path = path ?? span?.file.path
  }

  /// `file:line:col: severity[CODE]: message`.
  public var description: String {
    var location = path ?? "<input>"
    if let span { location += ":\(span.start.line):\(span.start.column)" }
    return "\(location): \(severity.rawValue)[\(code.id)]: \(message)"
  }
}

/// A collection of diagnostics with helpers for exit status.
public struct DiagnosticBag: Sendable {
  /// Everything reported so far, in the order reported.
  public private(set) var all: [Diagnostic] = []

  /// Creates an empty bag.
  public init() {}

  /// Adds a diagnostic.
  public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }

  /// Adds several diagnostics.
  public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

  /// True when any diagnostic is an error.
  public var hasErrors: Bool { all.contains { $0.severity == .error } }

  /// The number of diagnostics with a severity.
  public func count(_ severity: Severity) -> Int { all.filter { $0.severity == severity }.count }

  /// Diagnostics sorted by file, then position, then code.
  public var sorted: [Diagnostic] {
    all.enumerated().sorted { a, b in
      let pa = a.element.path ?? ""
      let pb = b.element.path ?? ""
      if pa != pb { return pa < pb }
      let oa = a.element.span?.start.offset ?? -1
      let ob = b.element.span?.start.offset ?? -1
      if oa != ob { return oa < ob }
      return a.offset < b.offset
    }.map(\.element)
  }
}
