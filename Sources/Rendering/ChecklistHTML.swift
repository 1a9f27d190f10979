import Evaluation

/// Checklists as one printable HTML page.
enum ChecklistHTML {
  static func render(_ checklists: [Checklist]) -> String {
    let docs = checklists.map(ChecklistDocument.build)
    let summary = checklists.count > 1 ? Wording.summary(checklists) : checklists.isEmpty ? "No denied claims." : nil
    let title = checklists.count == 1 ? docs[0].title : "Appeal checklists"
    return HTMLWriter().page(title: title, documents: docs, summary: summary)
  }
}
