import Testing

@testable import Rendering

@Suite struct EscapingTests {
  @Test func lineBreaksBecomeSpacesAndControlsBecomeVisible() {
    #expect("a\r\nb\nc\rd".replacingLineBreaks() == "a b c d")
    #expect("tab\tbell\u{7}del\u{7F}".replacingLineBreaks() == "tab\tbell\\u{7}del\\u{7F}")
    // C1 controls are written with a 0xC2 lead byte, as are some printable characters.
    #expect("next\u{85}line".replacingLineBreaks() == "next\\u{85}line")
    #expect("§ 405 ©".replacingLineBreaks() == "§ 405 ©")
    #expect("Ünïcode – plain".replacingLineBreaks() == "Ünïcode – plain")
    #expect("".replacingLineBreaks() == "")
  }

  @Test func htmlEscapesMarkupAndQuotes() {
    #expect(
      Escape.html("<b>\"Tom & Jerry's\"</b>")
        == "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;")
  }

  @Test func markdownEscapesInlineMarkupAndFlattensLines() {
    #expect(
      Escape.markdown("[x](http://e) *a* _b_ <i> a|b &amp;\n# h")
        == #"\[x\](http://e) \*a\* \_b\_ \<i\> a\|b \&amp; # h"#)
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
