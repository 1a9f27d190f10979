import Evaluation

/// Findings as plain text.
enum FindingsText {
  static func render(_ reports: [CaseReport], color: Bool) -> String {
    let writer = TextWriter(color: color)
    guard !reports.isEmpty else { return "No cases to check.\n" }
    let summary = Wording.summary(reports)
    let tone: Tone = reports.contains(where: \.hasErrors) ? .bad : .good
    return reports.map { writer.write(FindingsDocument.build($0)) }.joined(separator: "\n\n")
      + "\n" + writer.paint(summary, tone) + "\n"
  }
}
