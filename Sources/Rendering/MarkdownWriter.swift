/// Writes a `Document` as printable Markdown (GitHub-flavoured: task-list checkboxes, tables).
/// Everything from input is escaped; codes and traces are code spans.
struct MarkdownWriter {
  /// The page break placed between documents (raw HTML, honoured when printing from a
  /// Markdown viewer; invisible otherwise).
  static let pageBreak = "<div style=\"page-break-after: always; break-after: page;\"></div>"

  func span(_ s: Span) -> String {
    let text = s.code ? Escape.markdownCode(s.text) : Escape.markdown(s.text)
    switch s.tone {
    case .bad, .strong, .warn: return text.isEmpty ? text : "**" + text + "**"
    case .muted: return s.code || text.isEmpty ? text : "*" + text + "*"
    default: return text
    }
  }

  func line(_ spans: Inline) -> String { spans.map(span).joined() }

  func cell(_ spans: Inline) -> String { line(spans) }

  /// The whole document.
  func write(_ doc: Document, headingLevel: Int = 1) -> String {
    var out = String(repeating: "#", count: headingLevel) + " " + Escape.markdown(doc.title) + "\n"
    for block in doc.blocks {
      out += "\n" + write(block, headingLevel: headingLevel + 1, quote: "")
    }
    return out
  }

  func write(_ block: Block, headingLevel: Int, quote: String) -> String {
    var out = ""
    switch block {
    case .heading(let title):
      out += quote + String(repeating: "#", count: headingLevel) + " " + Escape.markdown(title) + "\n"
    case .fields(let fields):
      for field in fields {
        if field.lines.count == 1 {
          out += quote + "- **" + Escape.markdown(field.label) + ":** " + line(field.lines[0]) + "\n"
        } else {
          out += quote + "- **" + Escape.markdown(field.label) + ":**\n"
          for l in field.lines { out += quote + "  - " + line(l) + "\n" }
        }
      }
    case .paragraph(let lines):
      for (i, l) in lines.enumerated() {
        var text = line(l)
        if let first = l.first, !first.code, first.tone == .plain {
          text = Escape.markdownLineStart(first.text) + line(Array(l.dropFirst()))
        }
        out += quote + text + (i < lines.count - 1 ? "  " : "") + "\n"
      }
    case .bullets(let items):
      for item in items { out += quote + "- " + line(item) + "\n" }
    case .numbered(let items):
      for (i, item) in items.enumerated() { out += quote + "\(i + 1). " + line(item) + "\n" }
    case .checks(let checks):
      for check in checks {
        out += quote + (check.checked ? "- [x] " : "- [ ] ") + line(check.label)
        if let detail = check.detail { out += " — " + Escape.markdown(detail) }
        out += "\n"
      }
    case .table(let header, let rows, _):
      out += quote + "| " + header.map(Escape.markdown).joined(separator: " | ") + " |\n"
      out += quote + "|" + header.map { _ in " --- |" }.joined() + "\n"
      for row in rows {
        out += quote + "| " + row.map(cell).joined(separator: " | ") + " |\n"
      }
    case .callout(_, let title, let blocks):
      out += "> **" + Escape.markdown(title) + "**\n"
      for b in blocks { out += ">\n" + write(b, headingLevel: headingLevel + 1, quote: "> ") }
    case .entries(let entries):
      for entry in entries {
        out += quote + "- " + line(entry.head) + "\n"
        for field in entry.fields {
          if field.lines.count == 1 {
            out += quote + "  - " + Escape.markdown(field.label) + ": " + line(field.lines[0]) + "\n"
          } else {
            out += quote + "  - " + Escape.markdown(field.label) + ":\n"
            for l in field.lines { out += quote + "    - " + line(l) + "\n" }
          }
        }
      }
    }
    return out
  }
}
