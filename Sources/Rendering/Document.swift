/// A format-neutral document: what a checklist or a findings report says, built once from the
/// models and written out as text, Markdown or HTML by `TextWriter`, `MarkdownWriter` and
/// `HTMLWriter`. Keeps the three formats saying the same things in the same order.
struct Document {
  /// The document's title (one checklist or one case).
  var title: String
  /// Its sections, in order.
  var blocks: [Block]
}

/// How a piece of text should stand out. Text shows tones as ANSI color only when asked.
enum Tone: Equatable {
  case plain
  /// Overdue, errors, denied lines: red.
  case bad
  /// Due soon, warnings: yellow.
  case warn
  /// Met, ready to submit: green.
  case good
  /// Emphasis: bold.
  case strong
  /// Secondary text: dim.
  case muted
}

/// A run of text in one style.
struct Span: Equatable {
  var text: String
  var tone: Tone = .plain
  /// Codes, traces, file:line: monospace in Markdown and HTML.
  var code = false
}

/// A line of styled text.
typealias Inline = [Span]

/// Plain text span.
func t(_ text: String, _ tone: Tone = .plain) -> Span { Span(text: text, tone: tone) }
/// Code span.
func code(_ text: String, _ tone: Tone = .plain) -> Span { Span(text: text, tone: tone, code: true) }

extension Array where Element == Span {
  /// The text without styling.
  var plain: String { map(\.text).joined() }
}

/// A labelled value, one or more lines.
struct Field {
  var label: String
  var lines: [Inline]

  init(_ label: String, _ lines: [Inline]) {
    self.label = label
    self.lines = lines
  }

  init(_ label: String, _ line: Inline) { self.init(label, [line]) }
  init(_ label: String, _ text: String) { self.init(label, [[t(text)]]) }
}

/// A checkbox item.
struct Check {
  var checked: Bool
  var label: Inline
  var detail: String?
}

/// An entry with details (a finding).
struct Entry {
  var tone: Tone
  var head: Inline
  var fields: [Field]
}

/// Document blocks.
enum Block {
  /// A section heading.
  case heading(String)
  /// Label and value pairs.
  case fields([Field])
  /// Plain lines.
  case paragraph([Inline])
  /// An unordered list.
  case bullets([Inline])
  /// A numbered list.
  case numbered([Inline])
  /// Checkboxes.
  case checks([Check])
  /// A table; `marks` tone whole rows (denied lines).
  case table(header: [String], rows: [[Inline]], marks: [Tone])
  /// A boxed notice (no playbook reason, write-off).
  case callout(Tone, title: String, blocks: [Block])
  /// Entries with details (findings).
  case entries([Entry])
}
