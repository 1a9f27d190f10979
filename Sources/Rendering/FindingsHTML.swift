import Evaluation

/// Findings as one printable HTML page.
enum FindingsHTML {
  static func render(_ reports: [CaseReport]) -> String {
    let docs = reports.map(FindingsDocument.build)
    let title = reports.count == 1 ? docs[0].title : "Pre-submission checks"
    return HTMLWriter().page(title: title, documents: docs, summary: reports.isEmpty ? "No cases to check." : Wording.summary(reports))
  }
}
