import Testing

@testable import Diagnostics

@Suite struct DiagnosticRendererTests {
  @Test func humanRenderingShowsLocationSnippetAndHelp() {
    let file = SourceFile(path: "playbooks/acme.yaml", text: "payer:\n  idd: acme\n")
    let span = SourceSpan(
      file: file, start: SourcePosition(line: 2, column: 3, offset: 9),
      end: SourcePosition(line: 2, column: 6, offset: 12))
    let d = Diagnostic(
      .unknownKey, "unknown key `idd` in `payer`", at: span, help: "did you mean `id`?")
    #expect(
      DiagnosticRenderer.human(d) == """
        playbooks/acme.yaml:2:3: error[PB201]: unknown key `idd` in `payer`
           2 |   idd: acme
             |   ^~~
          help: did you mean `id`?

        """)
  }

  /// A long line is shown as a window around the column, cut with `…`, the caret still under
  /// the span: a 200 KB minified JSON line or one-line X12 file is never echoed whole.
  @Test func aLongLineIsShownAsAWindowAroundTheColumn() {
    let line =
      String(repeating: "[", count: 100_000) + "oops" + String(repeating: "]", count: 100_000)
    let file = SourceFile(path: "deep.json", text: line + "\n")
    let span = SourceSpan(
      file: file, start: SourcePosition(line: 1, column: 100_001, offset: 100_000),
      end: SourcePosition(line: 1, column: 100_005, offset: 100_004))
    let snippet = DiagnosticRenderer.snippet(span)
    let rows = snippet.split(separator: "\n").map(String.init)
    #expect(rows.count == 2)
    #expect(snippet.count < 400)
    let text = rows[0].components(separatedBy: " | ")[1]
    let marks = rows[1].components(separatedBy: " | ")[1]
    #expect(text.hasPrefix("…[") && text.hasSuffix("]…"))
    let caret = marks.firstIndex(of: "^")!
    let under = text[
      text.index(text.startIndex, offsetBy: marks.distance(from: marks.startIndex, to: caret))...]
    #expect(under.hasPrefix("oops"), "the caret is under the span")
    #expect(marks.hasSuffix("^~~~"))
    // At the start of a long line: no leading `…`.
    let first = DiagnosticRenderer.snippet(
      SourceSpan(
        file: file, start: SourcePosition(line: 1, column: 1, offset: 0),
        end: SourcePosition(line: 1, column: 2, offset: 1)))
    #expect(first.split(separator: "\n")[0].components(separatedBy: " | ")[1].hasPrefix("[[["))
    #expect(first.split(separator: "\n")[1].hasSuffix(" | ^"))
  }

  @Test func positionOfByteCountsScalarsAndSkipsBOM() {
    let file = SourceFile(path: "x.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: é\nb: c\n".utf8))
    #expect(file.position(ofByte: 3) == SourcePosition(line: 1, column: 1, offset: 3))
    // Bytes: BOM 0-2, "a" 3, ":" 4, " " 5, "é" 6-7, newline 8, "b" 9.
    // "é" is two bytes but one column: the newline after it is column 5.
    #expect(file.position(ofByte: 8).column == 5)
    #expect(file.position(ofByte: 9) == SourcePosition(line: 2, column: 1, offset: 9))
    #expect(file.lineText(1) == "a: é")
  }

  @Test func suggestionsFindTyposButNotStrangers() {
    #expect(Spelling.suggestion(for: "requries", among: ["requires", "steps"]) == "requires")
    #expect(
      Spelling.suggestion(for: "denial_reason", among: ["denial_reasons", "checks"])
        == "denial_reasons")
    #expect(Spelling.suggestion(for: "appeal-levels", among: ["appeal_levels"]) == "appeal_levels")
    #expect(Spelling.suggestion(for: "zebra", among: ["requires", "steps"]) == nil)
  }

  @Test func everyCodeIsUniqueAndWellFormed() {
    let ids = DiagnosticCode.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    for code in DiagnosticCode.all {
      #expect(code.id.hasPrefix("PB") && code.id.count == 5, "\(code.id)")
      #expect(!code.summary.isEmpty)
    }
  }
}
