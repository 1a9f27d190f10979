/// Writes a `Document` as plain text for a terminal or a printer. ANSI color only when `color`
/// is true; columns align on the visible text, so colored and plain output line up the same.
struct TextWriter {
  /// Whether to emit ANSI escape codes.
  var color: Bool

  static let reset = "\u{1B}[0m"

  func ansi(_ tone: Tone) -> String? {
    switch tone {
    case .plain: return nil
    case .bad: return "\u{1B}[31m"
    case .warn: return "\u{1B}[33m"
    case .good: return "\u{1B}[32m"
    case .strong: return "\u{1B}[1m"
    case .muted: return "\u{1B}[2m"
    }
  }

  /// Text in a tone.
  func paint(_ text: String, _ tone: Tone) -> String {
    guard color, !text.isEmpty, let code = ansi(tone) else { return text }
    return code + text + TextWriter.reset
  }

  /// A line of spans; `tone` overrides spans without their own tone.
  func line(_ spans: Inline, tone: Tone = .plain) -> String {
    spans.map { paint($0.text.replacingLineBreaks(), $0.tone == .plain ? tone : $0.tone) }.joined()
  }

  func pad(_ text: String, visible: Int, to width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - visible))
  }

  /// The whole document.
  func write(_ doc: Document) -> String {
    // Titles carry values from input files (an account number): controls made visible, as in
    // every other line.
    let title = doc.title.replacingLineBreaks()
    var out = paint(title, .strong) + "\n" + String(repeating: "=", count: title.count) + "\n"
    var afterHeading = false
    for block in doc.blocks {
      if !afterHeading { out += "\n" }
      out += write(block, indent: "")
      if case .heading = block { afterHeading = true } else { afterHeading = false }
    }
    return out
  }

  func write(_ block: Block, indent: String) -> String {
    var out = ""
    switch block {
    case .heading(let title):
      out += indent + paint(title.replacingLineBreaks(), .strong) + "\n"
    case .fields(let fields):
      let width = (fields.map(\.label.count).max() ?? 0) + 2
      for field in fields {
        for (i, l) in field.lines.enumerated() {
          let label = i == 0 ? field.label : ""
          out += indent + "  " + pad(label, visible: label.count, to: width) + line(l) + "\n"
        }
      }
    case .paragraph(let lines):
      for l in lines { out += indent + "  " + line(l) + "\n" }
    case .bullets(let items):
      for item in items { out += indent + "  - " + line(item) + "\n" }
    case .numbered(let items):
      let width = String(items.count).count
      for (i, item) in items.enumerated() {
        let n = String(i + 1)
        out +=
          indent + "  " + String(repeating: " ", count: width - n.count) + n + ". " + line(item)
          + "\n"
      }
    case .checks(let checks):
      for check in checks {
        out +=
          indent + "  " + (check.checked ? "[x] " : "[ ] ")
          + line(check.label, tone: check.checked ? .plain : .plain) + "\n"
        if let detail = check.detail {
          out += indent + "      " + paint(detail.replacingLineBreaks(), .muted) + "\n"
        }
      }
    case .table(let header, let rows, let marks):
      var widths = header.map(\.count)
      for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count {
          widths[i] = max(widths[i], cell.plain.count)
        }
      }
      func render(_ cells: [(String, Int)]) -> String {
        var text = ""
        for (i, (cell, visible)) in cells.enumerated() {
          text += i == cells.count - 1 ? cell : pad(cell, visible: visible, to: widths[i] + 2)
        }
        return text
      }
      out +=
        indent + "  " + paint(render(header.map { ($0, $0.count) }), .muted).trailingSpacesTrimmed
        + "\n"
      for (r, row) in rows.enumerated() {
        let tone = r < marks.count ? marks[r] : .plain
        let cells = row.map { (line($0, tone: tone), $0.plain.count) }
        out += (indent + "  " + render(cells)).trailingSpacesTrimmed + "\n"
      }
    case .callout(let tone, let title, let blocks):
      out += indent + paint("! " + title.replacingLineBreaks(), tone) + "\n"
      for (i, b) in blocks.enumerated() {
        if i > 0 { out += indent + paint("|", tone) + "\n" }
        for l in write(b, indent: "").split(separator: "\n", omittingEmptySubsequences: false)
          .dropLast()
        {
          out += indent + paint("|", tone) + l + "\n"
        }
      }
    case .entries(let entries):
      for (i, entry) in entries.enumerated() {
        if i > 0 { out += "\n" }
        out += indent + "  " + line(entry.head, tone: entry.tone) + "\n"
        for field in entry.fields {
          let label = field.label + ": "
          for (j, l) in field.lines.enumerated() {
            out +=
              indent + "      "
              + (j == 0 ? paint(label, .muted) : String(repeating: " ", count: label.count))
              + line(l) + "\n"
          }
        }
      }
    }
    return out
  }
}

extension String {
  var trailingSpacesTrimmed: String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
