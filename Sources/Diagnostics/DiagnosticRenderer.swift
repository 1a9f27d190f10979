import Foundation

/// Prints diagnostics for people (with the source line and a caret) or for machines (JSON).
public enum DiagnosticRenderer {
  /// Renders one diagnostic the way compilers do:
  ///
  /// ```
  /// playbooks/acme.yaml:12:5: error[PB201]: unknown key `requries` in denial reason
  ///    12 |     requries: [lmn]
  ///       |     ^~~~~~~~
  ///   help: did you mean `requires`?
  /// ```
  public static func human(_ d: Diagnostic, color: Bool = false) -> String {
    var out = ""
    let location: String
    if let span = d.span {
      location = "\(span.file.path):\(span.start.line):\(span.start.column)"
    } else {
      location = d.path ?? "payerbook"
    }
    let label = "\(d.severity.rawValue)[\(d.code.id)]"
    var d = d
    d.message = d.message.withVisibleControls
    if color {
      let tint =
        d.severity == .error
        ? "\u{1B}[1;31m" : d.severity == .warning ? "\u{1B}[1;33m" : "\u{1B}[1;36m"
      out +=
        "\u{1B}[1m\(location):\u{1B}[0m \(tint)\(label):\u{1B}[0m \u{1B}[1m\(d.message)\u{1B}[0m\n"
    } else {
      out += "\(location): \(label): \(d.message)\n"
    }
    if let span = d.span, d.showsSource { out += snippet(span) }
    for note in d.notes {
      if let span = note.span {
        out +=
          "  note: \(note.message) (\(span.file.path):\(span.start.line):\(span.start.column))\n"
      } else {
        out += "  note: \(note.message)\n"
      }
    }
    if let help = d.help { out += "  help: \(help)\n" }
    return out
  }

  /// The source line of a span with a caret under its start and `~` under the rest of the span
  /// on that line.
  public static func snippet(_ span: SourceSpan) -> String {
    let line = span.start.line
    let text = span.file.lineText(line)
    if text.isEmpty && span.file.bytes.isEmpty { return "" }
    let number = String(line)
    let gutter = String(repeating: " ", count: max(4, number.count + 1))
    let visible = text.replacingOccurrences(of: "\t", with: " ").withVisibleControls
    let scalars = Array(visible.unicodeScalars)
    let startCol = max(1, span.start.column)
    var width = 1
    if span.end.line == line, span.end.column > startCol {
      width = span.end.column - startCol
    } else if span.end.line > line {
      width = max(1, scalars.count - startCol + 1)
    }
    width = max(1, min(width, max(1, scalars.count - startCol + 1)))
    // A long line (a one-line X12 file, minified JSON) is shown as a window around the column,
    // with `…` where it is cut, never whole.
    var shown = visible
    var caret = startCol
    if scalars.count > snippetWidth {
      let low = max(0, min(startCol - 1 - snippetWidth / 3, scalars.count - snippetWidth))
      let high = min(scalars.count, low + snippetWidth)
      var window = String.UnicodeScalarView(scalars[low..<high])
      caret = startCol - low
      if low > 0 {
        window.insert("…", at: window.startIndex)
        caret += 1
      }
      if high < scalars.count { window.append("…") }
      shown = String(window)
      width = max(1, min(width, high - (startCol - 1)))
    }
    var out =
      String(repeating: " ", count: gutter.count - number.count) + number + " | " + shown + "\n"
    out += gutter + " | " + String(repeating: " ", count: caret - 1) + "^"
    if width > 1 { out += String(repeating: "~", count: width - 1) }
    out += "\n"
    return out
  }

  /// The most characters of a source line a snippet shows.
  static let snippetWidth = 160

  /// A JSON array of diagnostics (stable machine form: `code`, `name`, `severity`, `message`,
  /// `file`, `line`, `column`, `offset`, `end_line`, `end_column`, `help`, `notes`).
  public static func json(_ diagnostics: [Diagnostic]) -> String {
    let objects: [[String: Any]] = diagnostics.map(jsonObject)
    let data =
      (try? JSONSerialization.data(
        withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// One diagnostic as a JSON-compatible dictionary.
  public static func jsonObject(_ d: Diagnostic) -> [String: Any] {
    var object: [String: Any] = [
      "code": d.code.id, "name": d.code.name, "severity": d.severity.rawValue, "message": d.message,
    ]
    if let path = d.path { object["file"] = path }
    if let span = d.span {
      object["line"] = span.start.line
      object["column"] = span.start.column
      object["offset"] = span.start.offset
      object["end_line"] = span.end.line
      object["end_column"] = span.end.column
    }
    if let help = d.help { object["help"] = help }
    if !d.notes.isEmpty {
      object["notes"] = d.notes.map { note -> [String: Any] in
        var n: [String: Any] = ["message": note.message]
        if let span = note.span {
          n["file"] = span.file.path
          n["line"] = span.start.line
          n["column"] = span.start.column
        }
        return n
      }
    }
    return object
  }

  /// A closing summary line such as `2 errors, 1 warning`.
  public static func summary(errors: Int, warnings: Int) -> String {
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
  }
}
