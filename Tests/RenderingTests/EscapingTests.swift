import Testing

@testable import Rendering

@Suite struct EscapingTests {
  @Test func htmlEscapesMarkupAndQuotes() {
    #expect(Escape.html("<b>\"Tom & Jerry's\"</b>") == "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;")
  }

  @Test func markdownEscapesInlineMarkupAndFlattensLines() {
    #expect(Escape.markdown("[x](http://e) *a* _b_ <i> a|b &amp;\n# h") == #"\[x\](http://e) \*a\* \_b\_ \<i\> a\|b \&amp; # h"#)
    #expect(Escape.markdown("CO-50 (LCD)") == "CO-50 (LCD)")
  }

  @Test func markdownLineStartEscapesBlockMarkers() {
    #expect(Escape.markdownLineStart("# not a heading") == "\\# not a heading")
    #expect(Escape.markdownLineStart("- not a bullet") == #"\- not a bullet"#)
    #expect(Escape.markdownLineStart("12. not a list") == #"12\. not a list"#)
    #expect(Escape.markdownLineStart("2027 plan") == "2027 plan")
  }

  @Test func markdownCodeSpansHoldBackticks() {
    #expect(Escape.markdownCode("carc 50 in {50}") == "`carc 50 in {50}`")
    #expect(Escape.markdownCode("reason `x`") == "`` reason `x` ``")
  }
}
