import Evaluation

/// Findings as printable Markdown.
enum FindingsMarkdown {
  static func render(_ reports: [CaseReport]) -> String {
    guard !reports.isEmpty else { return "No cases to check.\n" }
    let writer = MarkdownWriter()
    return reports.map { writer.write(FindingsDocument.build($0)) }.joined(separator: "\n" + MarkdownWriter.pageBreak + "\n\n")
      + "\n---\n\n**" + Escape.markdown(Wording.summary(reports)) + "**\n"
  }
}
