import Evaluation

/// Checklists as printable Markdown.
enum ChecklistMarkdown {
  static func render(_ checklists: [Checklist]) -> String {
    guard !checklists.isEmpty else { return "No denied claims.\n" }
    let writer = MarkdownWriter()
    var out = checklists.map { writer.write(ChecklistDocument.build($0)) }
      .joined(separator: "\n" + MarkdownWriter.pageBreak + "\n\n")
    if checklists.count > 1 { out += "\n---\n\n**" + Escape.markdown(Wording.summary(checklists)) + "**\n" }
    return out
  }
}
