import Claims
import CodeSets
import Diagnostics
import Evaluation
import Foundation
import PlaybookModel
import X12Reading

/// Reading what commands evaluate: playbooks, remittances (835 or denial JSON), claims (837P or
/// case JSON). Problems are collected as diagnostics; nothing here prints.
enum Inputs {
  /// What kind of file a path holds, by its first bytes.
  enum Kind {
    case x12
    case json
    case unknown
  }

  static func kind(of bytes: [UInt8]) -> Kind {
    var i = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    while i < bytes.count,
      bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09
    { i += 1 }
    guard i < bytes.count else { return .unknown }
    if bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") { return .json }
    if bytes.count - i >= 3, bytes[i] == UInt8(ascii: "I"), bytes[i + 1] == UInt8(ascii: "S"),
      bytes[i + 2] == UInt8(ascii: "A")
    {
      return .x12
    }
    if bytes.count - i >= 2, bytes[i] == UInt8(ascii: "S"), bytes[i + 1] == UInt8(ascii: "T") {
      return .x12
    }
    return .unknown
  }

  /// The playbooks folder, loaded and compiled; nil with the problems when they have errors.
  static func evaluator(folder: String) -> (Evaluator?, [Diagnostic]) {
    let library = PlaybookLibrary.load(folder: folder)
    let problems = library.diagnostics.sorted
    if library.diagnostics.hasErrors { return (nil, problems) }
    return (Evaluator(playbooks: library.resolved), problems)
  }

  /// An input file as the readers take it: a regular file is read by path (streamed, so its
  /// size does not matter), anything else (a pipe, `/dev/stdin`, a FIFO) once into memory, since
  /// it cannot be opened twice or read again.
  enum Source {
    case file(kind: Kind)
    case bytes([UInt8], kind: Kind)

    var kind: Kind {
      switch self {
      case .file(let kind), .bytes(_, let kind): return kind
      }
    }
  }

  /// The path to open for an input argument: `-` is standard input.
  static func resolved(_ given: String) -> String { given == "-" ? "/dev/stdin" : given }

  /// Opens an input and tells its kind from its first bytes that are not white space (read
  /// further when a file starts with more white space than one chunk), or the problem.
  static func source(_ given: String) -> (Source?, Diagnostic?) {
    let path = resolved(given)
    var info = stat()
    guard stat(path, &info) == 0 else { return (nil, cannotRead(path)) }
    let type = info.st_mode & S_IFMT
    if type == S_IFDIR {
      return (
        nil,
        Diagnostic(
          .cannotRead, "`\(path)` is a folder, not a file", at: nil, help: "give a file", path: path
        )
      )
    }
    if type != S_IFREG {
      let (bytes, problem) = read(path)
      guard let bytes else { return (nil, problem) }
      return (.bytes(bytes, kind: kind(of: bytes)), nil)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { return (nil, cannotRead(path)) }
    defer { try? handle.close() }
    var head: [UInt8] = []
    while true {
      let chunk: Data?
      do { chunk = try handle.read(upToCount: 1 << 16) } catch { return (nil, cannotRead(path)) }
      guard let chunk, !chunk.isEmpty else { break }
      head += chunk
      // Content found, or 16 MB of nothing but blank space: enough to tell.
      if chunk.contains(where: { !isBlank($0) }) || head.count >= 1 << 24 { break }
    }
    return (.file(kind: kind(of: head)), nil)
  }

  /// White space and the bytes of a byte order mark, which may come before the content.
  static func isBlank(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0xEF || b == 0xBB || b == 0xBF
  }

  static func cannotRead(_ path: String) -> Diagnostic {
    Diagnostic(
      .cannotRead, "cannot read `\(path)`", at: nil, help: "check the path and its permissions",
      path: path)
  }

  static func read(_ given: String) -> ([UInt8]?, Diagnostic?) {
    let path = resolved(given)
    // A pipe, `/dev/stdin` or a FIFO: read once, to the end (an empty pipe reads as empty).
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      guard let handle = FileHandle(forReadingAtPath: path) else { return (nil, cannotRead(path)) }
      let data = (try? handle.readToEnd()) ?? Data()
      try? handle.close()
      return ([UInt8](data), nil)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let message =
        exists && isDirectory.boolValue
        ? "`\(path)` is a folder, not a file" : "cannot read `\(path)`"
      return (
        nil,
        Diagnostic(
          .cannotRead, message, at: nil, help: "check the path and its permissions", path: path)
      )
    }
    return ([UInt8](data), nil)
  }

  /// Original claims (837P or case JSON), by patient control number.
  static func cases(_ paths: [String]) -> ([Case], [Diagnostic]) {
    var cases: [Case] = []
    var diagnostics: [Diagnostic] = []
    for path in paths {
      let (bytes, problem) = read(path)
      guard let bytes else {
        diagnostics += [problem].compactMap { $0 }
        continue
      }
      switch kind(of: bytes) {
      case .x12:
        let result = ClaimReader.read(path: path, bytes: bytes)
        cases += result.cases
        diagnostics += result.diagnostics
        if result.transactions == 0 {
          // An 835 or another transaction given where claims are expected: not "no cases".
          diagnostics.append(noTransaction("837", in: path))
        }
      case .json:
        let result = CaseFile.decode(path: path, bytes: bytes)
        cases += result.cases
        diagnostics += result.diagnostics
      case .unknown:
        diagnostics.append(
          unknownKind(path, expected: "an X12 837P claim file or a case JSON file"))
      }
    }
    return (cases, diagnostics)
  }

  /// Denied claims from 835 remittances or denial JSON, joined with their original claims when
  /// given (by patient control number; payer claim number breaks ties).
  static func denials(_ paths: [String], claims: [Case]) -> ([DeniedClaim], [Diagnostic]) {
    var byAccount: [String: [Case]] = [:]
    for c in claims { byAccount[normalizedAccount(c.patientControlNumber), default: []].append(c) }
    func original(for account: String, payerClaim: String?) -> Case? {
      guard let candidates = byAccount[normalizedAccount(account)] else { return nil }
      if candidates.count > 1, let payerClaim,
        let exact = candidates.first(where: { $0.originalClaimReference == payerClaim })
      {
        return exact
      }
      return candidates.last
    }
    var denied: [DeniedClaim] = []
    var diagnostics: [Diagnostic] = []
    for given in paths {
      let path = resolved(given)
      // An 835 file is streamed (only its denials are kept, whatever its size).
      let (opened, problem) = source(path)
      guard let opened else {
        diagnostics += [problem].compactMap { $0 }
        continue
      }
      switch opened.kind {
      case .x12:
        let options = RemittanceReader.Options(
          isKnownCARC: { CARC.isKnown($0) }, isKnownRARC: { RARC.isKnown($0) })
        let result: RemittanceReader.DenialRead
        switch opened {
        case .bytes(let bytes, _):
          result = RemittanceReader.readDenials(path: path, bytes: bytes, options: options)
        case .file:
          do {
            result = try RemittanceReader.readDenials(path: path, options: options)
          } catch {
            diagnostics.append(cannotRead(path))
            continue
          }
        }
        diagnostics += result.diagnostics
        if result.transactions == 0 {
          // An 837 or another transaction given where remittances are expected: not "no denials".
          diagnostics.append(noTransaction("835", in: path))
        }
        for (claim, remittance) in result.denials {
          var d = DeniedClaim(
            remittance: remittance, claim: claim,
            original: original(
              for: claim.patientControlNumber, payerClaim: claim.payerClaimControlNumber))
          d.source = "\(path): segment \(claim.segmentNumber)"
          denied.append(d)
        }
      case .json:
        let bytes: [UInt8]
        switch opened {
        case .bytes(let all, _): bytes = all
        case .file:
          let (whole, problem) = read(path)
          guard let whole else {
            diagnostics += [problem].compactMap { $0 }
            continue
          }
          bytes = whole
        }
        let (list, problems) = denialJSON(path: path, bytes: bytes)
        diagnostics += problems
        for var d in list {
          if !d.linkedToClaim,
            let c = original(for: d.patientControlNumber, payerClaim: d.payerClaimNumber)
          {
            d.join(c)
          }
          if d.source == nil { d.source = path }
          denied.append(d)
        }
      case .unknown:
        diagnostics.append(
          unknownKind(path, expected: "an X12 835 remittance or a denial JSON file"))
      }
    }
    return (denied, diagnostics)
  }

  /// A denial JSON file: one denial object, or `{"denials": [...]}`.
  static func denialJSON(path: String, bytes: [UInt8]) -> ([DeniedClaim], [Diagnostic]) {
    var (denials, diagnostics) = denialJSONShowingSource(path: path, bytes: bytes)
    // Denial files may hold patient data on any line: the position, not the line.
    for i in diagnostics.indices { diagnostics[i].showsSource = false }
    return (denials, diagnostics)
  }

  static func denialJSONShowingSource(path: String, bytes: [UInt8]) -> ([DeniedClaim], [Diagnostic])
  {
    let decoder = JSONDecoder()
    struct Wrapper: Decodable { var denials: [DeniedClaim] }
    // Not JSON at all: say so (decoding attempts would report a misleading missing key).
    guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
      return ([], [syntaxDiagnostic(path: path, bytes: bytes)])
    }
    if let d = JSONSyntax.looseness(.caseSyntax, what: "the denial file", path: path, bytes: bytes)
    {
      return ([], [d])
    }
    if json is [Any] {
      return (
        [],
        [
          Diagnostic(
            .caseWrongType,
            "the denial file holds a bare list; it must hold one denial object or `{\"denials\": [...]}`",
            at: nil, help: "wrap the list: {\"denials\": [ ... ]}; see docs/denial-format.md",
            path: path)
        ]
      )
    }
    if let top = json as? [String: Any], let list = top["denials"], !(list is [Any]) {
      return (
        [],
        [
          Diagnostic(
            .caseWrongType, "`denials` must be a list of denial objects", at: nil,
            help: "write \"denials\": [ {...}, {...} ]; see docs/denial-format.md", path: path)
        ]
      )
    }
    let unknown = DeniedClaim.unknownKeys(in: json)
    if !unknown.isEmpty {
      return (
        [],
        unknown.map { u in
          let guess = Spelling.suggestion(
            for: u.key,
            among: Array(DeniedClaim.jsonKeys) + [
              "procedure", "billed", "paid", "units", "denied", "line_control_number",
            ])
          return Diagnostic(
            .caseUnknownKey, "unknown key `\(u.key)` in \(u.path)", at: nil,
            help: guess.map { "did you mean `\($0)`?" }
              ?? "see docs/denial-format.md for the keys", path: path)
        }
      )
    }
    do {
      let top = json as? [String: Any]
      if top?["denials"] != nil {
        return (try decoder.decode(Wrapper.self, from: Data(bytes)).denials, [])
      }
      return ([try decoder.decode(DeniedClaim.self, from: Data(bytes))], [])
    } catch let error as DecodingError {
      return ([], [jsonDiagnostic(error, path: path, bytes: bytes)])
    } catch {
      return ([], [syntaxDiagnostic(path: path, bytes: bytes)])
    }
  }

  /// A decoding error as a diagnostic, with the JSON path of the bad value.
  static func jsonDiagnostic(_ error: DecodingError, path: String, bytes: [UInt8]) -> Diagnostic {
    func where_(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
        .joined()
      return keys.isEmpty
        ? "at the top level" : "at `\(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)`"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return Diagnostic(
        .caseMissingField, "denial is missing `\(key.stringValue)` \(where_(context))", at: nil,
        help: "add `\(key.stringValue)`; see docs/denial-format.md", path: path)
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
      let name = "\(type)"
      let expected =
        name.contains("Decimal") || name.contains("Int") || name.contains("Double")
        ? "a number"
        : name.contains("Bool")
          ? "true or false"
          : name.contains("String") || name.contains("CalendarDate")
            ? "text in quotes"
            : name.contains("Array") ? "a list [...]" : "an object {...}"
      return Diagnostic(
        .caseWrongType, "wrong kind of value \(where_(context)): expected \(expected)", at: nil,
        help: "see docs/denial-format.md for each key's type", path: path)
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return syntaxDiagnostic(path: path, bytes: bytes) }
      return Diagnostic(
        .caseInvalidValue, "invalid value \(where_(context)): \(context.debugDescription)", at: nil,
        path: path)
    @unknown default:
      return Diagnostic(.caseInvalidValue, "the denial file could not be read", at: nil, path: path)
    }
  }

  /// A JSON syntax error with the position the parser gives (line and column, or the byte).
  static func syntaxDiagnostic(path: String, bytes: [UInt8]) -> Diagnostic {
    if let d = JSONSyntax.diagnostic(.caseSyntax, what: "the denial file", path: path, bytes: bytes)
    {
      return d
    }
    return Diagnostic(
      .caseSyntax, "the denial file is not valid JSON", at: nil, help: "see docs/denial-format.md",
      path: path)
  }

  /// PB620: an X12 file without the transaction a command reads (an 837 given to `appeal`).
  static func noTransaction(_ type: String, in path: String) -> Diagnostic {
    let help =
      type == "835"
      ? "give 835 remittances here; original 837P claims go with --claims"
      : "give 837P claims or case JSON here; 835 remittances go to `payerbook appeal`"
    return Diagnostic(
      .x12NoTransactions, "`\(path)` holds no \(type) transaction", at: nil, help: help, path: path)
  }

  static func unknownKind(_ path: String, expected: String) -> Diagnostic {
    Diagnostic(
      .cannotRead, "`\(path)` is neither X12 (starting with ISA) nor JSON", at: nil,
      help: "give \(expected)", path: path)
  }

  static func normalizedAccount(_ s: String) -> String {
    s.trimmingCharacters(in: .whitespaces).uppercased()
  }

  /// What commands that evaluate need: `--today` and the compiled playbooks.
  enum Prepared {
    /// Ready to evaluate.
    case ready(today: CalendarDate, evaluator: Evaluator)
    /// The problem was printed; exit with this code.
    case exit(Int32)
  }

  /// Reads `--today` and loads the playbooks (`--playbooks`), printing why when either fails.
  static func prepare(_ arguments: ParsedArguments, _ console: Console) -> Prepared {
    let today: CalendarDate
    switch self.today(arguments) {
    case .failure(let e):
      PayerbookCLI.usageError(e, console: console)
      return .exit(ExitCode.usage)
    case .success(let d): today = d
    }
    let folder = PlaybookLocation.folder(arguments, console)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      PayerbookCLI.usageError(
        UsageError(
          message: "no playbooks folder at `\(folder)`",
          help: "run from the project folder, or pass --playbooks DIR (or set PAYERBOOK_PLAYBOOKS)"),
        console: console)
      return .exit(ExitCode.usage)
    }
    let (evaluator, problems) = self.evaluator(folder: folder)
    guard let evaluator else {
      AppealCommand.report(problems, console)
      console.err(
        "payerbook: error: the playbooks have errors; fix them first (`payerbook lint`)\n")
      return .exit(ExitCode.findings)
    }
    return .ready(today: today, evaluator: evaluator)
  }

  /// `--today`, else the system date.
  static func today(_ arguments: ParsedArguments) -> Result<CalendarDate, UsageError> {
    if let text = arguments["--today"] {
      guard let date = CalendarDate(iso: text) else {
        return .failure(
          UsageError(
            message: "`--today` must be a date written YYYY-MM-DD, not `\(text)`",
            help: "for example `--today 2026-12-03`"))
      }
      return .success(date)
    }
    let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
    return .success(
      CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!)
  }
}
