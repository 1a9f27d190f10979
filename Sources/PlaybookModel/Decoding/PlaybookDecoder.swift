import CodeSets
import Claims
import Diagnostics
import Foundation
import YAMLLoading

/// Turns one YAML tree into a ``Playbook``, reporting every structural and per-file problem.
///
/// Checks that need the base playbook (references to proofs and levels, ids shared with the
/// base) run later, in ``PlaybookLibrary``.
public struct PlaybookDecoder {
  var diagnostics: [Diagnostic] = []
  let file: SourceFile
  let key: String
  let isBase: Bool

  /// Decodes a file's root node. Returns nil when the file is not a mapping at all.
  public static func decode(_ root: YAMLNode, file: SourceFile, key: String, isBase: Bool) -> (Playbook?, [Diagnostic]) {
    var decoder = PlaybookDecoder(file: file, key: key, isBase: isBase)
    var shapes = ShapeChecker()
    shapes.check(root, against: .object(PlaybookFormat.playbook), field: "playbook")
    decoder.diagnostics = shapes.diagnostics
    guard root.mapping != nil else {
      return (nil, decoder.diagnostics)
    }
    let playbook = decoder.playbook(root)
    return (playbook, decoder.diagnostics)
  }

  /// The shape of a `NAME.test.yaml` file: a `tests` list beside the playbook `NAME.yaml`.
  public static let testFile = ObjectShape(
    "test file", "Examples for the playbook of the same name.",
    [Field("tests", .list(.object(PlaybookFormat.test), nonEmpty: true, single: false), required: true, "The examples.")])

  /// Decodes a `.test.yaml` file's tests.
  public static func decodeTests(_ root: YAMLNode, file: SourceFile) -> ([PlaybookTest], [Diagnostic]) {
    var shapes = ShapeChecker()
    shapes.check(root, against: .object(testFile), field: "test file")
    let decoder = PlaybookDecoder(file: file, key: "", isBase: false)
    let tests = (root["tests"]?.sequence ?? []).compactMap { node -> PlaybookTest? in
      guard let name = decoder.text(node["name"]) else { return nil }
      return PlaybookTest(name: name, node: node, span: node.span)
    }
    return (tests, shapes.diagnostics)
  }

  // MARK: Scalar accessors (nil when absent or malformed; the shape checker reported it)

  func text(_ node: YAMLNode?) -> String? {
    guard let s = node?.scalar, !s.isNull else { return nil }
    return s.text
  }

  func list(_ node: YAMLNode?) -> [YAMLNode]? {
    guard let node else { return nil }
    if let items = node.sequence { return items }
    if let s = node.scalar, !s.isNull { return [node] }
    return nil
  }

  func texts(_ node: YAMLNode?) -> [String]? {
    list(node)?.compactMap { text($0) }
  }

  func int(_ node: YAMLNode?) -> Int? { text(node).flatMap { Int($0) } }

  func date(_ node: YAMLNode?) -> CalendarDate? { text(node).flatMap { CalendarDate(iso: $0) } }

  // MARK: Sections

  mutating func playbook(_ root: YAMLNode) -> Playbook {
    let payer = root["payer"].flatMap { payerSection($0) }
    if payer == nil && !isBase && root["payer"] == nil {
      let start = root.span.start
      diagnostics.append(
        Diagnostic(
          .missingPayer, "playbook has no `payer` section",
          at: SourceSpan(file: file, start: start, end: SourcePosition(line: start.line, column: start.column + 1, offset: start.offset + 1)),
          help: "add `payer:` with `id` and `name`, or move the file to `base/` if it is a shared base"))
    }
    var extends: (String, SourceSpan)?
    if let node = root["extends"], let name = text(node) { extends = (name, node.span) }

    var proofs: [Proof] = []
    for pair in root["proofs"]?.mapping ?? [] {
      guard PlaybookID.isValid(pair.key.text), let title = text(pair.value["title"]) else { continue }
      proofs.append(
        Proof(
          id: pair.key.text, title: title, description: text(pair.value["description"]),
          attachmentTypes: (texts(pair.value["attachment_types"]) ?? []).map { $0.uppercased() }, span: pair.keySpan))
    }

    var levels: [AppealLevel]?
    if let items = root["appeal_levels"]?.sequence {
      levels = items.compactMap { appealLevel($0) }
      checkUniqueIDs(items, section: "appeal level")
    }
    let reasonNodes = root["denial_reasons"]?.sequence ?? []
    let reasons = reasonNodes.compactMap { denialReason($0) }
    checkUniqueIDs(reasonNodes, section: "denial reason")
    let checkNodes = root["checks"]?.sequence ?? []
    let checks = checkNodes.compactMap { check($0) }
    checkUniqueIDs(checkNodes, section: "check")

    var routine: [String]?
    if let items = root["routine_adjustments"]?.sequence {
      routine = []
      for item in items {
        guard let value = text(item) else { continue }
        let parts = value.uppercased().split(separator: "-")
        if parts.count == 2 {
          checkCode(String(parts[0]), kind: .group, at: item.span)
          checkCode(String(parts[1]), kind: .carc, at: item.span)
          routine?.append(value.uppercased())
        } else {
          diagnostics.append(
            Diagnostic(.malformedCode, "routine adjustment `\(value)` must be written GROUP-CARC", at: item.span,
                       help: "write the group and reason code joined by a dash, e.g. `CO-45`"))
        }
      }
    }

    let tests = (root["tests"]?.sequence ?? []).compactMap { node -> PlaybookTest? in
      guard let name = text(node["name"]) else { return nil }
      return PlaybookTest(name: name, node: node, span: node.span)
    }

    return Playbook(
      file: file, key: key, isBase: isBase, payer: payer, extends: extends, revision: text(root["revision"]),
      holidays: root["holidays"]?.sequence.map { $0.compactMap { date($0) } },
      routineAdjustments: routine, proofs: proofs, appealLevels: levels, denialReasons: reasons,
      checks: checks, tests: tests)
  }

  mutating func payerSection(_ node: YAMLNode) -> Payer? {
    guard node.mapping != nil, let id = text(node["id"]), let name = text(node["name"]) else { return nil }
    return Payer(
      id: id, name: name,
      payerIDs: texts(node["identifiers"]?["payer_ids"]) ?? [],
      names: texts(node["identifiers"]?["names"]) ?? [],
      planTypes: texts(node["plan_types"]) ?? [],
      defaultFor: texts(node["default_for"]) ?? [],
      timelyFiling: node["timely_filing"].flatMap { deadline($0) },
      span: node.span)
  }

  mutating func deadline(_ node: YAMLNode) -> Deadline? {
    guard node.mapping != nil else { return nil }
    let units: [(Deadline.Unit, YAMLNode)] = [Deadline.Unit.days, .businessDays, .months].compactMap { unit in
      node[unit.rawValue].map { (unit, $0) }
    }
    if units.isEmpty {
      let start = node.span.start
      diagnostics.append(
        Diagnostic(.missingField, "deadline has no count: write one of `days`, `business_days` or `months`",
                   at: SourceSpan(file: file, start: start, end: SourcePosition(line: start.line, column: start.column + 1, offset: start.offset + 1)),
                   help: "for example `deadline: {days: 180, from: remit_date}`"))
      return nil
    }
    if units.count > 1 {
      diagnostics.append(
        Diagnostic(.conflictingFields, "deadline has both `\(units[0].0.rawValue)` and `\(units[1].0.rawValue)`", at: units[1].1.span,
                   help: "keep one unit of count"))
      return nil
    }
    guard let count = int(units[0].1), let from = text(node["from"]), PlaybookFormat.deadlineStarts.contains(from) else { return nil }
    return Deadline(unit: units[0].0, count: count, from: from, receiptDays: int(node["receipt_days"]) ?? 0)
  }

  mutating func appealLevel(_ node: YAMLNode) -> AppealLevel? {
    guard node.mapping != nil, let id = text(node["id"]), PlaybookID.isValid(id) else { return nil }
    return AppealLevel(
      id: id, title: text(node["title"]) ?? id, deadline: node["deadline"].flatMap { deadline($0) },
      channel: text(node["channel"]), destination: text(node["where"]), citation: text(node["citation"]),
      minimumAmount: text(node["minimum_amount"]).flatMap { Money.parse($0) }, decisionDays: int(node["decision_days"]),
      span: node.span)
  }

  mutating func effective(_ node: YAMLNode?) -> Effective? {
    guard let node, node.mapping != nil else { return nil }
    let e = Effective(from: date(node["from"]), until: date(node["until"]))
    if let from = e.from, let until = e.until, until < from, let untilNode = node["until"] {
      diagnostics.append(
        Diagnostic(.invertedDates, "`until` \(until) is before `from` \(from)", at: untilNode.span,
                   help: "swap the two dates or correct the year"))
    }
    return e
  }

  mutating func denialReason(_ node: YAMLNode) -> DenialReason? {
    guard case .mapping(let pairs) = node.content else { return nil }
    // One pass over the pairs: each field's first value (what `node[key]` returns), and whether
    // some undeclared key looks like a misspelling of `requires`.
    var idNode, matchNode, actionNode, requiresNode, startAtNode, enabledNode, preventNode: YAMLNode?
    var titleNode, effectiveNode, gapNode, stepsNode: YAMLNode?
    var misspelledRequires = false
    for i in pairs.indices {
      let key = pairs[i].key.text
      switch key {
      case "id": if idNode == nil { idNode = pairs[i].value }
      case "match": if matchNode == nil { matchNode = pairs[i].value }
      case "action": if actionNode == nil { actionNode = pairs[i].value }
      case "requires": if requiresNode == nil { requiresNode = pairs[i].value }
      case "start_at": if startAtNode == nil { startAtNode = pairs[i].value }
      case "enabled": if enabledNode == nil { enabledNode = pairs[i].value }
      case "prevent": if preventNode == nil { preventNode = pairs[i].value }
      case "title": if titleNode == nil { titleNode = pairs[i].value }
      case "effective": if effectiveNode == nil { effectiveNode = pairs[i].value }
      case "gap": if gapNode == nil { gapNode = pairs[i].value }
      case "steps": if stepsNode == nil { stepsNode = pairs[i].value }
      default:
        // The keys above are declared fields far from `requires` (in `keysNotNearRequires`).
        if !misspelledRequires, !Self.keysNotNearRequires.contains(key),
          Spelling.suggestion(for: key, among: ["requires"]) != nil
        {
          misspelledRequires = true
        }
      }
    }
    guard let id = text(idNode), PlaybookID.isValid(id), let matchNode,
      let match = matchCondition(matchNode, field: "match")
    else { return nil }
    let action = actionOf(actionNode)
    let requiresNodes = list(requiresNode) ?? []
    var startAt: (String, SourceSpan)?
    if let s = startAtNode, let level = text(s) { startAt = (level, s.span) }
    let enabled = text(enabledNode) != "false"
    if action.kind == .appeal, requiresNodes.isEmpty, !misspelledRequires, enabled {
      diagnostics.append(
        Diagnostic(.emptyRequires, "denial reason `\(id)` is an appeal but `requires` lists no proofs", at: requiresNode?.span ?? node.span,
                   help: "list the proofs the appeal needs, e.g. `requires: [lmn, op_note]`, or set `action` to correct_and_resubmit or write_off"))
    }
    if action.kind != .appeal, let startAt {
      diagnostics.append(
        Diagnostic(.startAtWithoutAppeal, "`start_at` is set but the action is `\(action.kind.rawValue)`", at: startAt.1,
                   help: "remove `start_at`, or change `action` to appeal"))
    }
    var prevention: Prevention?
    if let p = preventNode, p.mapping != nil {
      prevention = Prevention(
        requires: texts(p["requires"]) ?? [], message: text(p["message"]), severity: text(p["severity"]) ?? "warning", span: p.span)
    }
    return DenialReason(
      id: id, title: text(titleNode) ?? id, match: match, effective: effective(effectiveNode),
      gap: text(gapNode), requires: requiresNodes.compactMap { text($0) }, requiresSpans: requiresNodes.map(\.span),
      steps: texts(stepsNode) ?? [], startAt: startAt, action: action, prevent: prevention,
      enabled: enabled, span: node.span,
      sourceKey: key)
  }

  /// Declared denial-reason keys that are no misspelling of `requires` (computed with the same
  /// test), so the common case skips the edit-distance check.
  static let keysNotNearRequires: Set<String> = Set(
    PlaybookFormat.denialReason.fields.map(\.name).filter { Spelling.suggestion(for: $0, among: ["requires"]) == nil })

  mutating func actionOf(_ node: YAMLNode?) -> Action {
    guard let node else { return Action(kind: .appeal, reason: nil, fix: []) }
    if node.mapping != nil {
      let kind = text(node["type"]).flatMap { Action.Kind(rawValue: $0) } ?? .appeal
      let reason = text(node["reason"])
      if kind != .appeal, reason == nil {
        reportActionWithoutReason(kind, at: node.span)
      }
      return Action(kind: kind, reason: reason, fix: texts(node["fix"]) ?? [])
    }
    let kind = text(node).flatMap { Action.Kind(rawValue: $0) } ?? .appeal
    if kind != .appeal { reportActionWithoutReason(kind, at: node.span) }
    return Action(kind: kind, reason: nil, fix: [])
  }

  mutating func reportActionWithoutReason(_ kind: Action.Kind, at span: SourceSpan) {
    diagnostics.append(
      Diagnostic(.actionWithoutReason, "action `\(kind.rawValue)` does not say why", at: span,
                 help: "write `action: {type: \(kind.rawValue), reason: ...}` so the checklist can explain it"))
  }

  mutating func check(_ node: YAMLNode) -> Check? {
    guard node.mapping != nil, let id = text(node["id"]), PlaybookID.isValid(id), let whenNode = node["when"],
      let when = matchCondition(whenNode, field: "when")
    else { return nil }
    let requiresNodes = list(node["requires"]) ?? []
    return Check(
      id: id, title: text(node["title"]), when: when, unless: node["unless"].flatMap { matchCondition($0, field: "unless") },
      requires: requiresNodes.compactMap { text($0) }, requiresSpans: requiresNodes.map(\.span),
      severity: text(node["severity"]) ?? "warning", message: text(node["message"]), effective: effective(node["effective"]),
      enabled: text(node["enabled"]) != "false", span: node.span, sourceKey: key)
  }

  // MARK: Conditions and codes

  mutating func matchCondition(_ node: YAMLNode, field: String) -> MatchCondition? {
    guard case .mapping(let pairs) = node.content else { return nil }
    // One pass over the pairs picks each field's first value (what `node[key]` returns), then
    // the fields are checked in their fixed order, so diagnostics come out as before.
    var group, carc, rarc, procedures, proceduresAll, modifiers, modifiersAbsent: YAMLNode?
    var diagnoses, placeOfService, planTypes, billedOver: YAMLNode?
    for i in pairs.indices {
      switch pairs[i].key.text {
      case "group": if group == nil { group = pairs[i].value }
      case "carc": if carc == nil { carc = pairs[i].value }
      case "rarc": if rarc == nil { rarc = pairs[i].value }
      case "procedures": if procedures == nil { procedures = pairs[i].value }
      case "procedures_all": if proceduresAll == nil { proceduresAll = pairs[i].value }
      case "modifiers": if modifiers == nil { modifiers = pairs[i].value }
      case "modifiers_absent": if modifiersAbsent == nil { modifiersAbsent = pairs[i].value }
      case "diagnoses": if diagnoses == nil { diagnoses = pairs[i].value }
      case "place_of_service": if placeOfService == nil { placeOfService = pairs[i].value }
      case "plan_types": if planTypes == nil { planTypes = pairs[i].value }
      case "billed_over": if billedOver == nil { billedOver = pairs[i].value }
      default: break
      }
    }
    var m = MatchCondition()
    m.span = node.span
    m.groups = codes(group, kind: .group)
    m.carcs = codes(carc, kind: .carc)
    m.rarcs = codes(rarc, kind: .rarc)
    m.procedures = patterns(procedures, kind: .procedure)
    m.proceduresAll = patterns(proceduresAll, kind: .procedure)
    m.modifiers = codes(modifiers, kind: .modifier)
    m.modifiersAbsent = codes(modifiersAbsent, kind: .modifier)
    m.diagnoses = patterns(diagnoses, kind: .diagnosis)
    m.placesOfService = codes(placeOfService, kind: .placeOfService)
    m.planTypes = texts(planTypes)
    m.billedOver = text(billedOver).flatMap { Money.parse($0) }
    if m.isEmpty && pairs.isEmpty {
      diagnostics.append(
        Diagnostic(.emptyMatch, "`\(field)` has no conditions", at: node.span,
                   help: "add at least one condition, e.g. `carc: [50]` or `procedures: [29881]`"))
    }
    return m
  }

  mutating func codes(_ node: YAMLNode?, kind: CodeKind) -> [String]? {
    guard let items = list(node) else { return nil }
    var out: [String] = []
    for item in items {
      guard let value = text(item) else { continue }
      let trimmed = FastText.trimmingWhitespace(value)
      guard !trimmed.isEmpty else { continue }
      let code = trimmed.uppercased()
      checkCode(code, kind: kind, at: item.span)
      out.append(code)
    }
    return out
  }

  mutating func patterns(_ node: YAMLNode?, kind: CodeKind) -> [CodePattern]? {
    guard let items = list(node) else { return nil }
    var out: [CodePattern] = []
    for item in items {
      guard let value = text(item), !FastText.trimmingWhitespace(value).isEmpty else { continue }
      switch CodePattern.parse(value) {
      case .failure(let e):
        diagnostics.append(Diagnostic(e.code, e.message, at: item.span, help: e.help))
      case .success(let pattern):
        if checkPatternShape(pattern, kind: kind, at: item.span) { out.append(pattern) }
      }
    }
    return out
  }

  /// Checks a parsed pattern against the shape of its code kind.
  mutating func checkPatternShape(_ pattern: CodePattern, kind: CodeKind, at span: SourceSpan) -> Bool {
    let samples: [String]
    let isPrefix: Bool
    switch pattern.form {
    case .exact(let c): samples = [c]; isPrefix = false
    case .range(let l, let h): samples = [l, h]; isPrefix = false
    case .prefix(let p): samples = [p]; isPrefix = true
    }
    for code in samples {
      let ok = kind == .procedure ? CodeShapes.isProcedure(code, partial: isPrefix) : CodeShapes.isDiagnosis(code, partial: isPrefix)
      if !ok {
        let what = kind == .procedure ? "CPT/HCPCS procedure code" : "ICD-10-CM diagnosis code"
        let example = kind == .procedure ? "29881, J1030 or 0001F" : "M17.11 or S83.2*"
        diagnostics.append(
          Diagnostic(.malformedCode, "`\(pattern.text)` is not a \(what)\(isPrefix ? " prefix" : "")", at: span,
                     help: "\(what)s look like \(example)"))
        return false
      }
    }
    return true
  }

  mutating func checkCode(_ code: String, kind: CodeKind, at span: SourceSpan) {
    switch kind {
    case .group:
      if AdjustmentGroup(rawValue: code) == nil {
        let guess = Spelling.suggestion(for: code, among: AdjustmentGroup.allCases.map(\.rawValue))
        diagnostics.append(
          Diagnostic(.unknownGroup, "unknown adjustment group `\(code)`", at: span,
                     help: guess.map { "did you mean `\($0)`?" } ?? "use CO (contractual), PR (patient), OA (other) or PI (payer initiated)"))
      }
    case .carc:
      if !CodeShapes.isCARCShaped(code) {
        diagnostics.append(
          Diagnostic(.malformedCode, "`\(code)` is not a claim adjustment reason code", at: span,
                     help: "CARCs are 1-3 characters such as 16, 50, 197 or B7; write the group in `group`"))
      } else if !CARC.isKnown(code) {
        diagnostics.append(
          Diagnostic(.unknownCARC, "CARC `\(code)` is not in Payerbook's code list", at: span,
                     help: "check the code on the remittance; if it is new, add it to Sources/CodeSets/CARC.swift"))
      }
    case .rarc:
      if !RARC.isWellFormed(code) {
        diagnostics.append(
          Diagnostic(.malformedCode, "`\(code)` is not a remittance remark code", at: span,
                     help: "RARCs look like N115, MA130 or M127"))
      } else if !RARC.isKnown(code) {
        diagnostics.append(
          Diagnostic(.unknownRARC, "RARC `\(code)` is not in Payerbook's code list", at: span,
                     help: "check the code on the remittance; if it is new, add it to Sources/CodeSets/RARC.swift"))
      }
    case .modifier:
      if !CodeShapes.isModifier(code) {
        diagnostics.append(
          Diagnostic(.malformedCode, "modifier `\(code)` must be exactly two letters or digits", at: span,
                     help: "modifiers are two characters, such as 59, XS, LT or 25"))
      }
    case .placeOfService:
      if !PlaceOfService.isKnown(code) {
        var help = "place-of-service codes are two digits, e.g. 11 (office), 22 (outpatient hospital), 02 (telehealth)"
        if code.count == 1, PlaceOfService.isKnown("0" + code) { help = "did you mean `0\(code)`? quote it as '0\(code)' or write 0\(code)" }
        diagnostics.append(Diagnostic(.unknownPlaceOfService, "place of service `\(code)` is not in Payerbook's list", at: span, help: help))
      }
    case .procedure, .diagnosis, .adjustment, .payerID:
      break
    }
  }

  /// Reports two entries of one section sharing an id.
  mutating func checkUniqueIDs(_ items: [YAMLNode], section: String) {
    var seen: [String: SourceSpan] = [:]
    for item in items {
      guard let node = item["id"], let id = text(node) else { continue }
      if let first = seen[id] {
        diagnostics.append(
          Diagnostic(.duplicateID, "\(section) id `\(id)` is used twice (first on line \(first.start.line))", at: node.span,
                     help: "give each \(section) its own id",
                     notes: [Diagnostic.Note("first `\(id)` is here", at: first)]))
      } else {
        seen[id] = node.span
      }
    }
  }
}

/// Shapes of code values.
public enum CodeShapes {
  static func isUpperAlnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) }
  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  static func isLetter(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }

  /// CPT (5 digits, or 4 digits and F/T/U/M), HCPCS Level II (a letter and 4 digits). With
  /// `partial`, a prefix of one.
  public static func isProcedure(_ code: String, partial: Bool = false) -> Bool {
    let u = Array(code.utf8)
    guard u.count <= 5, partial ? !u.isEmpty : u.count == 5, u.allSatisfy(isUpperAlnum) else { return false }
    if isLetter(u[0]) { return u.dropFirst().allSatisfy(isDigit) }
    return u.prefix(4).allSatisfy(isDigit)
  }

  /// ICD-10-CM without the dot: a letter, a digit, then up to five letters or digits. With
  /// `partial`, a prefix of one (at least the letter).
  public static func isDiagnosis(_ code: String, partial: Bool = false) -> Bool {
    let u = Array(code.utf8)
    guard u.count <= 7, partial ? !u.isEmpty : u.count >= 3, u.allSatisfy(isUpperAlnum), isLetter(u[0]) else { return false }
    return u.count < 2 || isDigit(u[1])
  }

  /// Exactly two letters or digits.
  public static func isModifier(_ code: String) -> Bool {
    let u = Array(code.utf8)
    return u.count == 2 && u.allSatisfy(isUpperAlnum)
  }

  /// One to three letters or digits.
  public static func isCARCShaped(_ code: String) -> Bool {
    let u = Array(code.utf8)
    return (1...3).contains(u.count) && u.allSatisfy(isUpperAlnum)
  }
}
