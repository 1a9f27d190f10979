/// Writes `Document`s as one self-contained, printable HTML page: inline CSS, no scripts, no
/// external assets, a page break between documents. Everything from input is HTML-escaped.
struct HTMLWriter {
  /// The page's inline style sheet: readable on screen, black on white when printed, each
  /// document on its own page.
  static let css = """
    body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 14px; color: #111; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
    h1 { font-size: 1.5em; border-bottom: 2px solid #111; padding-bottom: .2em; }
    h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #bbb; }
    code { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; background: #f3f3f3; padding: 0 .2em; }
    table { border-collapse: collapse; margin: .4em 0; }
    th, td { text-align: left; vertical-align: top; padding: .2em .8em .2em 0; }
    table.lines th, table.lines td { border-bottom: 1px solid #ddd; }
    table.fields th { font-weight: 600; white-space: nowrap; }
    td.num { text-align: right; }
    ul.checks { list-style: none; padding-left: .2em; }
    ul.checks li { margin: .3em 0; }
    .detail { color: #555; font-size: .92em; margin-left: 1.8em; }
    .bad { color: #b00020; font-weight: 600; }
    .warn { color: #8a5a00; font-weight: 600; }
    .good { color: #1b6e20; font-weight: 600; }
    .strong { font-weight: 600; }
    .muted { color: #666; }
    tr.bad td { background: #fdecee; }
    .callout { border: 2px solid #b00020; padding: .4em 1em; margin: 1em 0; }
    .callout.warn { border-color: #8a5a00; }
    .callout > p.title { font-weight: 700; margin: .2em 0; }
    .entry { margin: .6em 0; }
    .entry dl { margin: .2em 0 0 1.5em; }
    .entry dt { float: left; clear: left; width: 8em; color: #666; }
    .entry dd { margin-left: 8.5em; }
    .summary { margin-top: 1.5em; font-weight: 600; }
    section.doc + section.doc { break-before: page; page-break-before: always; }
    @media print { body { margin: 0; max-width: none; font-size: 11pt; } code { background: none; } a { color: #111; } }
    """

  func span(_ s: Span) -> String {
    var text = Escape.html(s.text)
    if s.code { text = "<code>" + text + "</code>" }
    switch s.tone {
    case .plain: return text
    case .bad: return "<span class=\"bad\">" + text + "</span>"
    case .warn: return "<span class=\"warn\">" + text + "</span>"
    case .good: return "<span class=\"good\">" + text + "</span>"
    case .strong: return "<span class=\"strong\">" + text + "</span>"
    case .muted: return "<span class=\"muted\">" + text + "</span>"
    }
  }

  func line(_ spans: Inline) -> String { spans.map(span).joined() }

  func toneClass(_ tone: Tone) -> String {
    switch tone {
    case .plain: return ""
    case .bad: return "bad"
    case .warn: return "warn"
    case .good: return "good"
    case .strong: return "strong"
    case .muted: return "muted"
    }
  }

  /// A full page holding documents, with an optional closing summary.
  func page(title: String, documents: [Document], summary: String?) -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<title>" + Escape.html(title) + "</title>\n<style>\n" + HTMLWriter.css + "\n</style>\n</head>\n<body>\n"
    for doc in documents { out += write(doc) }
    if let summary { out += "<p class=\"summary\">" + Escape.html(summary) + "</p>\n" }
    out += "</body>\n</html>\n"
    return out
  }

  func write(_ doc: Document) -> String {
    var out = "<section class=\"doc\">\n<h1>" + Escape.html(doc.title) + "</h1>\n"
    for block in doc.blocks { out += write(block) }
    return out + "</section>\n"
  }

  func write(_ block: Block) -> String {
    var out = ""
    switch block {
    case .heading(let title):
      out += "<h2>" + Escape.html(title) + "</h2>\n"
    case .fields(let fields):
      out += "<table class=\"fields\">\n"
      for field in fields {
        out += "<tr><th>" + Escape.html(field.label) + "</th><td>" + field.lines.map(line).joined(separator: "<br>") + "</td></tr>\n"
      }
      out += "</table>\n"
    case .paragraph(let lines):
      out += "<p>" + lines.map(line).joined(separator: "<br>\n") + "</p>\n"
    case .bullets(let items):
      out += "<ul>\n" + items.map { "<li>" + line($0) + "</li>\n" }.joined() + "</ul>\n"
    case .numbered(let items):
      out += "<ol>\n" + items.map { "<li>" + line($0) + "</li>\n" }.joined() + "</ol>\n"
    case .checks(let checks):
      out += "<ul class=\"checks\">\n"
      for check in checks {
        out += "<li><label><input type=\"checkbox\" disabled" + (check.checked ? " checked" : "") + "> " + line(check.label) + "</label>"
        if let detail = check.detail { out += "<div class=\"detail\">" + Escape.html(detail) + "</div>" }
        out += "</li>\n"
      }
      out += "</ul>\n"
    case .table(let header, let rows, let marks):
      out += "<table class=\"lines\">\n<tr>" + header.map { "<th>" + Escape.html($0) + "</th>" }.joined() + "</tr>\n"
      for (r, row) in rows.enumerated() {
        let tone = r < marks.count ? marks[r] : .plain
        out += (tone == .plain ? "<tr>" : "<tr class=\"" + toneClass(tone) + "\">") + row.map { "<td>" + line($0) + "</td>" }.joined() + "</tr>\n"
      }
      out += "</table>\n"
    case .callout(let tone, let title, let blocks):
      out += "<div class=\"callout " + toneClass(tone) + "\">\n<p class=\"title\">" + Escape.html(title) + "</p>\n"
      for b in blocks { out += write(b) }
      out += "</div>\n"
    case .entries(let entries):
      for entry in entries {
        out += "<div class=\"entry\">\n<div>" + line(entry.head) + "</div>\n"
        if !entry.fields.isEmpty {
          out += "<dl>\n"
          for field in entry.fields {
            out += "<dt>" + Escape.html(field.label) + "</dt><dd>" + field.lines.map(line).joined(separator: "<br>") + "</dd>\n"
          }
          out += "</dl>\n"
        }
        out += "</div>\n"
      }
    }
    return out
  }
}
