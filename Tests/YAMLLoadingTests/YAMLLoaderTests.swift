import Diagnostics
import Foundation
import Testing

@testable import YAMLLoading

private func load(_ text: String, limit: Int = 100_000) -> YAMLLoader.Result {
  YAMLLoader(aliasExpansionLimit: limit).load(SourceFile(path: "t.yaml", text: text))
}

@Suite struct YAMLLoaderTests {
  @Test func codesStayExactTextWhetherQuotedOrNot() throws {
    let result = load("codes: [00100, '02', 0450, 16, 59, M17.11, J1030, 1E3, \"0012\", 0x1F, 1_000, .5]\n")
    #expect(result.diagnostics.isEmpty)
    let items = try #require(result.root?["codes"]?.sequence)
    #expect(items.compactMap(\.scalar?.text) == ["00100", "02", "0450", "16", "59", "M17.11", "J1030", "1E3", "0012", "0x1F", "1_000", ".5"])
    #expect(items[0].scalar?.style == .plain)
    #expect(items[1].scalar?.style == .singleQuoted)
    #expect(items[8].scalar?.style == .doubleQuoted)
  }

  @Test func booleanLookingKeysAndValuesStayText() throws {
    let result = load("no: yes\non: off\nY: N\n")
    #expect(result.diagnostics.isEmpty)
    let pairs = try #require(result.root?.mapping)
    #expect(pairs.map(\.key.text) == ["no", "on", "Y"])
    #expect(pairs.map { $0.value.scalar?.text } == ["yes", "off", "N"])
  }

  @Test func duplicateKeyNamesBothLines() throws {
    let result = load("payer:\n  id: a\n  name: A\n  id: b\n")
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .duplicateKey)
    #expect(d.span?.start.line == 4)
    #expect(d.span?.start.column == 3)
    #expect(d.message == "duplicate key `id` (first written on line 2)")
    #expect(d.notes.first?.span?.start.line == 2)
  }

  @Test func byteOrderMarkIsAccepted() throws {
    let file = SourceFile(path: "bom.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("id: acme\n".utf8))
    let result = YAMLLoader().load(file)
    #expect(result.diagnostics.isEmpty)
    let value = try #require(result.root?["id"])
    #expect(value.scalar?.text == "acme")
    #expect(value.span.start.offset == 7)
    #expect(value.span.start.column == 5)
  }

  @Test func positionsCarryLineColumnAndByteOffsetPastNonASCII() throws {
    let result = load("title: Évaluation ü\nid: x\n")
    let id = try #require(result.root?["id"])
    #expect(id.span.start.line == 2)
    #expect(id.span.start.column == 5)
    // "title: Évaluation ü\n" is 20 characters but 22 bytes.
    #expect(id.span.start.offset == 26)
    #expect(id.span.end.offset == 27)
  }

  @Test func tabIndentationHasItsOwnMessage() throws {
    let result = load("payer:\n\tid: acme\n")
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .tabIndentation)
    #expect(d.span?.start.line == 2)
    #expect(d.span?.start.column == 1)
    #expect(result.root == nil)
  }

  @Test func billionLaughsIsRejectedQuickly() throws {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    let letters = Array("bcdefghijklmnop")
    var previous = "a"
    for letter in letters {
      let name = String(letter)
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
      previous = name
    }
    let start = Date()
    let result = load(text)
    #expect(Date().timeIntervalSince(start) < 1.0)
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .aliasExpansion)
    #expect(result.root == nil)
  }

  @Test func aliasesWithinTheLimitExpand() throws {
    let result = load("base: &codes [29881, 29880]\nother: *codes\n")
    #expect(result.diagnostics.isEmpty)
    #expect(result.root?["other"]?.sequence?.compactMap(\.scalar?.text) == ["29881", "29880"])
  }

  @Test func undefinedAliasIsAnError() throws {
    let result = load("a: *missing\n")
    #expect(result.diagnostics.first?.code == .undefinedAlias)
  }

  @Test func syntaxErrorsPointAtTheLineWithACaret() throws {
    let result = load("payer:\n  id: acme\n  name: \"Acme\n")
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .yamlSyntax)
    #expect(d.message.hasPrefix("yaml syntax: found unexpected end of stream"))
    let rendered = DiagnosticRenderer.human(d)
    // Points at the opening quote, not at the end of the file.
    #expect(rendered.hasPrefix("t.yaml:3:9: error[PB101]: yaml syntax: found unexpected end of stream while scanning a quoted scalar"))
    #expect(rendered.contains("help: a quote or bracket is opened but never closed; close it"))
  }

  @Test func mappingValueInPlainScalarGetsAFix() throws {
    let result = load("steps:\n  - Call: the payer\n    bad: x: y\n")
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .yamlSyntax)
    #expect(d.span?.start.line == 3)
    #expect(d.help?.contains("must be quoted") == true)
  }

  @Test func explicitTagsAreRejected() throws {
    let result = load("days: !!int 120\n")
    #expect(result.diagnostics.map(\.code) == [.unsupportedTag])
  }

  @Test func oneDocumentPerFile() throws {
    let result = load("a: 1\n---\nb: 2\n")
    #expect(result.diagnostics.map(\.code) == [.multipleDocuments])
  }

  @Test func emptyFileIsReported() throws {
    #expect(load("").diagnostics.map(\.code) == [.emptyDocument])
    #expect(load("# only a comment\n").diagnostics.map(\.code) == [.emptyDocument])
  }

  @Test func complexKeysAreRejected() throws {
    #expect(load("? [a, b]\n: c\n").diagnostics.map(\.code) == [.complexKey])
  }

  @Test func invalidUTF8IsAnEncodingError() throws {
    let file = SourceFile(path: "bad.yaml", bytes: Array("id: ".utf8) + [0xFF, 0xFE, 0x0A])
    let result = YAMLLoader().load(file)
    #expect(result.diagnostics.first?.code == .encoding)
  }

  @Test func nullSpellingsAreRecognized() throws {
    let result = load("a:\nb: ~\nc: null\nd: 'null'\n")
    let pairs = try #require(result.root?.mapping)
    #expect(pairs.map(\.value.isNull) == [true, true, true, false])
  }
}
