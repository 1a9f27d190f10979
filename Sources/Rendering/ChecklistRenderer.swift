import Evaluation

/// Renders appeal checklists, one per denied claim, for people (text, Markdown, HTML) or
/// machines (JSON).
public enum ChecklistRenderer {
  /// Renders checklists in a format.
  ///
  /// - Text: what a billing coordinator reads without a manual; with several checklists, a
  ///   closing summary line (`3 denied claims, $1,234.00 denied, 1 unplaybooked, 1 overdue`).
  /// - Markdown and HTML: printable, with checkboxes, a page break between checklists, no
  ///   external assets; everything from input is escaped.
  /// - JSON: `{"checklists": [...]}`, see `schema/checklist.schema.json`.
  ///
  /// - Parameters:
  ///   - checklists: The checklists, in the order to print them.
  ///   - format: The output format.
  ///   - color: ANSI color in text (overdue red, due soon yellow). Ignored by other formats.
  /// - Returns: The output, ending with a newline.
  public static func render(_ checklists: [Checklist], format: OutputFormat, color: Bool = false) -> String {
    switch format {
    case .text: return ChecklistText.render(checklists, color: color)
    case .markdown: return ChecklistMarkdown.render(checklists)
    case .html: return ChecklistHTML.render(checklists)
    case .json: return JSONOutput.checklists(checklists)
    }
  }
}
