/// The output formats of checklists and findings.
public enum OutputFormat: String, CaseIterable, Sendable {
  /// Plain text for the terminal, optionally with ANSI color.
  case text
  /// Printable Markdown with task-list checkboxes.
  case markdown
  /// A self-contained printable HTML page (inline CSS, no external assets).
  case html
  /// The stable machine form, documented by `schema/*.schema.json`.
  case json
}
