@testable import Evaluation
import Foundation
import Rendering
import Testing

@Suite struct ChecklistRendererTests {
  @Test func goldenFiles() {
    let checklists = allChecklists()
    assertGolden("checklists.txt", ChecklistRenderer.render(checklists, format: .text))
    assertGolden("checklists.md", ChecklistRenderer.render(checklists, format: .markdown))
    assertGolden("checklists.html", ChecklistRenderer.render(checklists, format: .html))
    assertGolden("checklists.json", ChecklistRenderer.render(checklists, format: .json))
    assertGolden("checklists-color.txt", ChecklistRenderer.render(checklists, format: .text, color: true))
  }

  @Test func textHeaderShowsPayerRoutingReferencesAmountsAndCodes() {
    let text = ChecklistRenderer.render([appealChecklist()], format: .text)
    #expect(text.hasPrefix("Appeal checklist: PCN-1001\n==========================\n"))
    #expect(text.contains("Payer                   Bluestem Health Plan (id BSH01)\n"))
    #expect(text.contains("Playbook                bluestem-health (playbooks/bluestem-health.yaml), routed by payer id BSH01\n"))
    #expect(text.contains("Payer claim number      BSH26-000417\n"))
    #expect(text.contains("Dates of service        2026-09-14\n"))
    #expect(text.contains("Denied                  $1,250.00\n"))
    #expect(text.contains("Adjustments             CO-50  $1,250.00  not medically necessary per payer\n"))
    #expect(text.contains("Remark codes            N115  decision based on a coverage policy (LCD)\n"))
    #expect(text.contains("Diagnoses               M17.11, M25.561\n"))
    #expect(text.contains("Place of service        22 On campus-outpatient hospital\n"))
    // One checklist: no summary line.
    #expect(!text.contains("denied claims"))
  }

  @Test func textShowsWhyProofsStepsAndFileBy() {
    let text = ChecklistRenderer.render([appealChecklist()], format: .text)
    #expect(text.contains("Why this reason\n"))
    #expect(text.contains("  Matched     carc 50 in {50}\n              procedure 29881 in 29870-29889\n"))
    #expect(text.contains("  Defined at  playbooks/bluestem-health.yaml:42\n"))
    #expect(text.contains("  [x] Operative note (on file)\n"))
    #expect(text.contains("  [ ] Physical therapy records\n"))
    #expect(text.contains("  1. Get the physical therapy records from the referring clinic.\n"))
    #expect(text.contains("  Due      2027-03-04, 12 days left\n"))
    #expect(text.contains("120 days from notice 2026-10-30, +5 days presumed receipt: due 2027-03-04\n"))
    #expect(text.contains("  Channel  portal\n"))
    #expect(text.contains("  - knee-arthroscopy-modifier failed on carc 50 not in {4}\n"))
    #expect(text.contains("Medical necessity (any procedure) (medical-necessity-generic), playbooks/base/commercial.yaml:18"))
  }

  @Test func daysLeftWording() {
    #expect(ChecklistRenderer.render([overdueChecklist()], format: .text).contains("2027-02-17, OVERDUE by 3 days\n"))
    #expect(ChecklistRenderer.render([partialChecklist()], format: .text).contains("2027-02-20, due today\n"))
    #expect(ChecklistRenderer.render([unplaybookedChecklist()], format: .text).contains("2027-04-01, 40 days left\n"))
  }

  @Test func minimumAmountMetOrNot() {
    #expect(ChecklistRenderer.render([overdueChecklist()], format: .text).contains("Minimum amount  $180.00, met ($2,400.00 denied)\n"))
    #expect(ChecklistRenderer.render([partialChecklist()], format: .text).contains("Minimum amount  $100.00, NOT met: only $85.25 denied\n"))
  }

  @Test func notLinkedClaimSaysSo() {
    let text = ChecklistRenderer.render([overdueChecklist()], format: .text)
    // The remittance gives the place of service (CLP08), so only diagnoses and attachments are unknown.
    #expect(text.contains("Original claim          not given: diagnoses and attachments are unknown\n"))
    #expect(text.contains("(from the remittance)"))
    #expect(!text.contains("Diagnoses"))
  }

  @Test func partialDenialMarksDeniedLines() {
    let text = ChecklistRenderer.render([partialChecklist()], format: .text)
    #expect(text.contains("Denied                  $85.25 (partial denial: 1 of 2 lines denied)\n"))
    #expect(text.contains("  DENIED  99214 (billed as 99215)  2026-12-01  $285.25    $200.00    CO-150, ZZ9\n"))
    #expect(text.contains("  paid    27447-RT                 2026-12-02  $1,249.25  $1,134.50  CO-45\n"))
    #expect(text.contains("ZZ9  (not in our code list)"))
    #expect(text.contains("Diagnoses               none on the original claim\n"))
  }

  @Test func correctAndResubmitPrintsCorrectedClaimChecklist() {
    let text = ChecklistRenderer.render([correctedChecklist()], format: .text)
    #expect(text.hasPrefix("Corrected claim checklist: PCN-1003\n"))
    #expect(text.contains("Correct and resubmit (not an appeal)\n  Why: A coding error is corrected with a replacement claim, not an appeal.\n"))
    #expect(text.contains("  [ ] Claim frequency code (CLM05-3): 7 ("))
    #expect(text.contains("  [ ] Original reference (REF*F8): BSH26-000733, the payer claim number\n"))
    #expect(text.contains("  [ ] Fix: Add modifier 25 to 99213 on line 1\n"))
    #expect(!text.contains("File by"))
  }

  @Test func writeOffSaysWhy() {
    let text = ChecklistRenderer.render([writeOffChecklist()], format: .text)
    #expect(text.hasPrefix("Write-off: PCN-1004\n"))
    #expect(text.contains("! Write off: do not appeal\n|  Why: The plan excludes this service"))
    #expect(!text.contains("File by"))
  }

  @Test func unplaybookedDenialSaysWhatToRecordAndStillHasADueDate() {
    let text = ChecklistRenderer.render([unplaybookedChecklist()], format: .text)
    #expect(text.contains("! No playbook reason matches this denial\n"))
    #expect(text.contains("|  Payer         Cedar Valley Health, id CVH77\n"))
    #expect(text.contains("|  Adjustments   CO-234\n"))
    #expect(text.contains("|  Procedures    97110-GP\n"))
    #expect(text.contains("Record it so the playbook can learn it: add a denial reason for these codes to playbooks/cedar-valley.yaml."))
    #expect(text.contains("  Level    First-level appeal (first-level)\n"))
    #expect(!text.contains("Why this reason"))
  }

  @Test func noPlaybookAtAllStillWarnsAboutTheDeadline() {
    var c = unplaybookedChecklist()
    c.payer = PayerRef(name: "Harbor Mutual", id: "HM404", playbook: nil, playbookFile: nil, routing: "no playbook", planType: nil)
    c.level = nil
    let text = ChecklistRenderer.render([c], format: .text)
    #expect(text.contains("Playbook                none: no playbook for this payer (no playbook)\n"))
    #expect(text.contains("No appeal level is known (no playbook for this payer): look up the payer's appeal deadline today."))
  }

  @Test func summaryLineForSeveralChecklists() {
    let text = ChecklistRenderer.render(allChecklists(), format: .text)
    #expect(text.hasSuffix("\n6 denied claims, $4,055.25 denied, 1 unplaybooked, 1 overdue, 2 due within 14 days\n"))
    #expect(ChecklistRenderer.render([], format: .text) == "No denied claims.\n")
  }

  @Test func colorOnlyWhenAsked() {
    let plain = ChecklistRenderer.render(allChecklists(), format: .text)
    #expect(!plain.contains("\u{1B}"))
    let colored = ChecklistRenderer.render(allChecklists(), format: .text, color: true)
    #expect(colored.contains("\u{1B}[31mOVERDUE by 3 days\u{1B}[0m"))
    #expect(colored.contains("\u{1B}[33m12 days left\u{1B}[0m"))
    #expect(colored.contains("\u{1B}[33mdue today\u{1B}[0m"))
    #expect(!colored.contains("\u{1B}[33m40 days left"))
    // Stripping the codes gives the plain output back: columns align the same.
    #expect(colored.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression) == plain)
    for format in [OutputFormat.markdown, .html, .json] {
      #expect(!ChecklistRenderer.render(allChecklists(), format: format, color: true).contains("\u{1B}"))
    }
  }

  @Test func markdownIsPrintableWithCheckboxesAndPageBreaks() {
    let md = ChecklistRenderer.render(allChecklists(), format: .markdown)
    #expect(md.hasPrefix("# Appeal checklist: PCN-1001\n"))
    #expect(md.contains("- [x] Operative note (on file) — Signed, dated, with findings\n"))
    #expect(md.contains("- [ ] MRI report\n"))
    #expect(md.contains("- **Matched:**\n  - `carc 50 in {50}`\n"))
    #expect(md.components(separatedBy: "page-break-after: always").count - 1 == 5)
    #expect(md.contains("| **DENIED** | `29881-59` | 2026-09-14 | $1,250.00 | $0.00 | `CO-50, N115` |\n"))
    #expect(md.hasSuffix("**6 denied claims, $4,055.25 denied, 1 unplaybooked, 1 overdue, 2 due within 14 days**\n"))
  }

  @Test func htmlIsSelfContainedWithDisabledCheckboxes() {
    let html = ChecklistRenderer.render(allChecklists(), format: .html)
    #expect(html.hasPrefix("<!DOCTYPE html>\n"))
    #expect(html.contains("<input type=\"checkbox\" disabled checked> Operative note"))
    #expect(html.contains("<input type=\"checkbox\" disabled> Physical therapy records"))
    #expect(html.contains("break-before: page"))
    for external in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(external)) }
    #expect(html.components(separatedBy: "<section class=\"doc\">").count - 1 == 6)
  }

  @Test func inputIsEscapedInMarkupFormats() {
    var c = appealChecklist()
    c.payer.name = "<script>alert(\"x\")</script> & [Pay](http://evil.example)"
    c.steps = ["Send *everything* to <b>us</b>"]
    let html = ChecklistRenderer.render([c], format: .html)
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [Pay](http://evil.example)"))
    #expect(html.contains("<li>Send *everything* to &lt;b&gt;us&lt;/b&gt;</li>"))
    let md = ChecklistRenderer.render([c], format: .markdown)
    #expect(md.contains(#"\<script\>alert("x")\</script\> \& \[Pay\](http://evil.example)"#))
    #expect(md.contains(#"1. Send \*everything\* to \<b\>us\</b\>"#))
  }
}
