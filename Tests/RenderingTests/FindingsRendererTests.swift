import Evaluation
import Foundation
import Rendering
import Testing

@Suite struct FindingsRendererTests {
  @Test func goldenFiles() {
    let reports = caseReports()
    assertGolden("findings.txt", FindingsRenderer.render(reports, format: .text))
    assertGolden("findings.md", FindingsRenderer.render(reports, format: .markdown))
    assertGolden("findings.html", FindingsRenderer.render(reports, format: .html))
    assertGolden("findings.json", FindingsRenderer.render(reports, format: .json))
  }

  @Test func textListsFindingsWithFixProofsDefinedAtAndWhy() {
    let text = FindingsRenderer.render(caseReports(), format: .text)
    #expect(text.contains("  error[knee-arthroscopy-conservative-care]: past denials: Knee arthroscopy without documented conservative care\n"))
    #expect(text.contains("      fix: attach: Physical therapy records\n"))
    #expect(text.contains("      missing proofs: pt_records\n"))
    #expect(text.contains("      defined at: playbooks/bluestem-health.yaml:42\n"))
    #expect(text.contains("      why: learned from denial reason"))
    #expect(text.contains("           procedure 29881 in 29870-29889\n"))
    #expect(text.contains("  warning[builtin:timely-filing]: 9 days left to file"))
    #expect(text.contains("Playbook  none: no playbook for this payer (no playbook)\n"))
  }

  @Test func cleanCaseIsReadyToSubmit() {
    let text = FindingsRenderer.render([caseReports()[2]], format: .text)
    #expect(text.contains("No findings: ready to submit.\n"))
    #expect(text.hasSuffix("\n0 errors, 0 warnings in 1 case; 1 ready to submit\n"))
  }

  @Test func summaryCountsBySeverity() {
    let text = FindingsRenderer.render(caseReports(), format: .text)
    #expect(text.hasSuffix("\n2 errors, 2 warnings in 3 cases; 1 ready to submit\n"))
    #expect(FindingsRenderer.render([], format: .text) == "No cases to check.\n")
  }

  @Test func findingsAreGroupedBySeverityErrorsFirst() {
    var report = caseReports()[0]
    report.findings.reverse()
    let text = FindingsRenderer.render([report], format: .text)
    let warning = text.range(of: "warning[builtin:timely-filing]")!.lowerBound
    let errors = text.range(of: "2 errors\n")!.lowerBound
    let firstError = text.range(of: "error[builtin:modifier-format]")!.lowerBound
    #expect(errors < firstError && firstError < warning)
    #expect(text.contains("1 warning\n"))
  }

  @Test func colorMarksErrorsRedAndWarningsYellow() {
    let text = FindingsRenderer.render(caseReports(), format: .text, color: true)
    #expect(text.contains("\u{1B}[31merror[builtin:modifier-format]\u{1B}[0m"))
    #expect(text.contains("\u{1B}[33mwarning[builtin:no-playbook]\u{1B}[0m"))
    #expect(text.contains("\u{1B}[32mready to submit\u{1B}[0m"))
    #expect(!FindingsRenderer.render(caseReports(), format: .text).contains("\u{1B}"))
  }

  @Test func markdownAndHTML() {
    let md = FindingsRenderer.render(caseReports(), format: .markdown)
    #expect(md.contains("- **error\\[builtin:modifier-format\\]**: line 1: modifier \\`5\\` on 29881 must be exactly two characters\n"))
    #expect(md.contains("  - missing proofs: `pt_records`\n"))
    #expect(md.hasSuffix("**2 errors, 2 warnings in 3 cases; 1 ready to submit**\n"))
    let html = FindingsRenderer.render(caseReports(), format: .html)
    #expect(html.contains("<span class=\"bad\">error[builtin:modifier-format]</span>: line 1: modifier `5` on 29881"))
    #expect(html.contains("<p class=\"summary\">2 errors, 2 warnings in 3 cases; 1 ready to submit</p>"))
  }
}
