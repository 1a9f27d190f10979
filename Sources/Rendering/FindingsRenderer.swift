import Evaluation

/// Renders pre-submission findings, one report per case, for people (text, Markdown, HTML) or
/// machines (JSON).
public enum FindingsRenderer {
  /// Renders case reports in a format.
  ///
  /// Each case shows its payer and routing, then its findings grouped by severity as
  /// `error[rule-id]: message` with the fix, missing proofs, `defined_at` and the why-trace;
  /// a case with no findings reads "ready to submit". Text, Markdown and HTML end with a summary
  /// line (`2 errors, 1 warning in 3 cases`). JSON is `{"cases": [...]}`, see
  /// `schema/findings.schema.json`.
  ///
  /// - Parameters:
  ///   - reports: The case reports, in the order to print them.
  ///   - format: The output format.
  ///   - color: ANSI color in text (errors red, warnings yellow). Ignored by other formats.
  /// - Returns: The output, ending with a newline.
  public static func render(_ reports: [CaseReport], format: OutputFormat, color: Bool = false) -> String {
    switch format {
    case .text: return FindingsText.render(reports, color: color)
    case .markdown: return FindingsMarkdown.render(reports)
    case .html: return FindingsHTML.render(reports)
    case .json: return JSONOutput.cases(reports)
    }
  }
}
