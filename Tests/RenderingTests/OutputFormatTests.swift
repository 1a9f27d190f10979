import Rendering
import Testing

@Test func outputFormatsParseFromTheirNames() {
  #expect(OutputFormat(rawValue: "markdown") == .markdown)
  #expect(OutputFormat.allCases.map(\.rawValue) == ["text", "markdown", "html", "json"])
  #expect(OutputFormat(rawValue: "pdf") == nil)
}
