import Evaluation

/// Checklists as plain text.
enum ChecklistText {
  static func render(_ checklists: [Checklist], color: Bool) -> String {
    let writer = TextWriter(color: color)
    guard !checklists.isEmpty else { return "No denied claims.\n" }
    var out = checklists.map { writer.write(ChecklistDocument.build($0)) }.joined(separator: "\n\n")
    if checklists.count > 1 { out += "\n" + writer.paint(Wording.summary(checklists), .strong) + "\n" }
    return out
  }
}
