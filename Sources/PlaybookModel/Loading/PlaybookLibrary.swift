import Claims
import Diagnostics
import Dispatch
import Foundation
import YAMLLoading

/// A playbook with its base chain merged in: entries with the same id replace the base's, the
/// rest are inherited.
public struct ResolvedPlaybook: Sendable {
  /// The payer playbook itself.
  public var playbook: Playbook
  /// The bases it extends, nearest first.
  public var bases: [String]
  /// Proofs by id (own and inherited).
  public var proofs: [String: Proof]
  /// Appeal levels in order (the nearest file that defines `appeal_levels` wins as a whole
  /// list, with same-id levels from bases replaced).
  public var appealLevels: [AppealLevel]
  /// Denial reasons: own first, then inherited ones not replaced.
  public var denialReasons: [DenialReason]
  /// Checks: own first, then inherited ones not replaced.
  public var checks: [Check]
  /// Holidays from the nearest file that lists them.
  public var holidays: [CalendarDate]
  /// Routine adjustments from the nearest file that lists them.
  public var routineAdjustments: [String]?
  /// The revision, e.g. `2026-06-01`; bases' revisions follow after `+`.
  public var revision: String
}

/// Every playbook of a folder, loaded, validated and resolved.
public struct PlaybookLibrary: Sendable {
  /// The folder.
  public var root: String
  /// Every decoded file, by key (`acme-health`, `base/medicare-part-b`).
  public var playbooks: [String: Playbook]
  /// Payer playbooks with bases merged, sorted by key.
  public var resolved: [ResolvedPlaybook]
  /// Everything found while loading.
  public var diagnostics: DiagnosticBag

  /// Loads every `.yaml`/`.yml` file under a folder (playbook tests, `*.test.yaml`, excluded).
  ///
  /// Files are parsed in parallel (unless `parallel` is false, as the benchmark's
  /// single-thread figure needs); diagnostics come back in file order.
  public static func load(folder: String, loader: YAMLLoader = YAMLLoader(), parallel: Bool = true) -> PlaybookLibrary {
    var bag = DiagnosticBag()
    let files = playbookFiles(in: folder, diagnostics: &bag)
    return load(files: files, root: folder, loader: loader, initial: bag, parallel: parallel)
  }

  /// Loads given files, resolving `extends` against `root`.
  public static func load(
    files: [String], root: String, loader: YAMLLoader = YAMLLoader(), initial: DiagnosticBag = DiagnosticBag(),
    parallel: Bool = true
  ) -> PlaybookLibrary {
    var bag = initial
    let results = parallel
      ? parseAll(files, root: root, loader: loader) : files.map { parseOne($0, root: root, loader: loader) }
    var playbooks: [String: Playbook] = [:]
    for result in results {
      bag.append(contentsOf: result.diagnostics)
      if let playbook = result.playbook {
        playbooks[playbook.key] = playbook
      }
    }
    var library = PlaybookLibrary(root: root, playbooks: playbooks, resolved: [], diagnostics: bag)
    library.resolveAll()
    return library
  }

  /// Decodes one file's text (tests and tools).
  public static func decode(path: String, text: String, key: String, isBase: Bool = false) -> (Playbook?, [Diagnostic]) {
    let file = SourceFile(path: path, text: text)
    let loaded = YAMLLoader().load(file)
    guard let root = loaded.root else { return (nil, loaded.diagnostics) }
    let (playbook, diagnostics) = PlaybookDecoder.decode(root, file: file, key: key, isBase: isBase)
    return (playbook, loaded.diagnostics + diagnostics)
  }

  struct ParseResult: Sendable {
    var playbook: Playbook?
    var diagnostics: [Diagnostic]
  }

  static func parseAll(_ files: [String], root: String, loader: YAMLLoader) -> [ParseResult] {
    let results = LockedSlots<ParseResult>(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      results.set(i, parseOne(files[i], root: root, loader: loader))
    }
    return results.values
  }

  static func parseOne(_ path: String, root: String, loader: YAMLLoader) -> ParseResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      return ParseResult(playbook: nil, diagnostics: [
        Diagnostic(.cannotRead, "cannot read `\(path)`", at: nil, help: "check that the file exists and is readable", path: path)
      ])
    }
    let file = SourceFile(path: path, bytes: [UInt8](data))
    let loaded = loader.load(file)
    guard let rootNode = loaded.root else { return ParseResult(playbook: nil, diagnostics: loaded.diagnostics) }
    let key = keyFor(path: path, root: root)
    let (playbook, diagnostics) = PlaybookDecoder.decode(
      rootNode, file: file, key: key, isBase: key.hasPrefix("base/") || key.contains("/base/"))
    return ParseResult(playbook: playbook, diagnostics: loaded.diagnostics + diagnostics)
  }

  /// The key of a file: its path inside the root, without extension.
  public static func keyFor(path: String, root: String) -> String {
    let full = URL(fileURLWithPath: path).standardizedFileURL.path
    let base = URL(fileURLWithPath: root).standardizedFileURL.path
    var relative = full
    if full.hasPrefix(base + "/") { relative = String(full.dropFirst(base.count + 1)) }
    else { relative = URL(fileURLWithPath: full).lastPathComponent }
    for ext in [".yaml", ".yml"] where relative.hasSuffix(ext) {
      relative = String(relative.dropLast(ext.count))
    }
    return relative
  }

  /// Playbook files under a folder, sorted, skipping `*.test.yaml` and hidden files.
  public static func playbookFiles(in folder: String, diagnostics: inout DiagnosticBag) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      diagnostics.append(Diagnostic(.cannotRead, "`\(folder)` does not exist", at: nil, help: "pass the playbooks folder, e.g. `--playbooks playbooks`", path: folder))
      return []
    }
    guard isDirectory.boolValue else { return [folder] }
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
      diagnostics.append(Diagnostic(.cannotRead, "cannot list `\(folder)`", at: nil, help: "check the folder's permissions", path: folder))
      return []
    }
    var files: [String] = []
    while let item = enumerator.nextObject() as? String {
      let name = (item as NSString).lastPathComponent
      if name.hasPrefix(".") { continue }
      guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
      if name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml") { continue }
      files.append(folder.hasSuffix("/") ? folder + item : folder + "/" + item)
    }
    if files.isEmpty {
      diagnostics.append(Diagnostic(.noPlaybooks, "no playbook files in `\(folder)`", at: nil, help: "playbooks are `.yaml` files, one payer per file", path: folder))
    }
    return files.sorted()
  }

  // MARK: Resolution

  mutating func resolveAll() {
    var resolvedList: [ResolvedPlaybook] = []
    for key in playbooks.keys.sorted() {
      guard let playbook = playbooks[key] else { continue }
      let chain = baseChain(of: playbook)
      // Bases are validated as part of the payer playbooks that use them, and on their own.
      let resolved = merge(playbook, bases: chain)
      checkReferences(resolved, own: playbook)
      diagnostics.append(contentsOf: PlaybookLibrary.checkTestReferences(playbook.tests, playbook: resolved))
      if !playbook.isBase && playbook.payer != nil { resolvedList.append(resolved) }
    }
    resolved = resolvedList
    checkRouting()
  }

  /// The chain of bases, nearest first; reports missing, escaping and cyclic `extends`.
  mutating func baseChain(of playbook: Playbook) -> [Playbook] {
    var chain: [Playbook] = []
    var visited: [String] = [playbook.key]
    var current = playbook
    while let (name, span) = current.extends {
      guard let key = normalizedExtends(name, span: span) else { break }
      if visited.contains(key) {
        diagnostics.append(
          Diagnostic(.extendsCycle, "`extends: \(name)` makes a loop: \((visited + [key]).joined(separator: " -> "))", at: span,
                     help: "a base must not extend, directly or not, the playbook that extends it"))
        break
      }
      guard let base = playbooks[key] else {
        let guess = Spelling.suggestion(for: key, among: Array(playbooks.keys))
        diagnostics.append(
          Diagnostic(.extendsNotFound, "base playbook `\(name)` does not exist", at: span,
                     help: guess.map { "did you mean `\($0)`?" } ?? "bases live in the playbooks folder, e.g. `extends: base/medicare-part-b`"))
        break
      }
      chain.append(base)
      visited.append(key)
      current = base
    }
    return chain
  }

  /// `base/x`, `base/x.yaml`, `./base/x` all name `base/x`; paths leaving the folder are errors.
  mutating func normalizedExtends(_ name: String, span: SourceSpan) -> String? {
    var parts: [String] = []
    if name.hasPrefix("/") || name.hasPrefix("~") {
      diagnostics.append(
        Diagnostic(.extendsEscapes, "`extends: \(name)` points outside the playbooks folder", at: span,
                   help: "write the base's path inside the playbooks folder, e.g. `base/commercial-erisa`"))
      return nil
    }
    for part in name.split(separator: "/") {
      if part == "." || part.isEmpty { continue }
      if part == ".." {
        if parts.isEmpty {
          diagnostics.append(
            Diagnostic(.extendsEscapes, "`extends: \(name)` points outside the playbooks folder", at: span,
                       help: "write the base's path inside the playbooks folder, e.g. `base/commercial-erisa`"))
          return nil
        }
        parts.removeLast()
      } else {
        parts.append(String(part))
      }
    }
    var key = parts.joined(separator: "/")
    for ext in [".yaml", ".yml"] where key.hasSuffix(ext) { key = String(key.dropLast(ext.count)) }
    return key
  }

  func merge(_ playbook: Playbook, bases: [Playbook]) -> ResolvedPlaybook {
    let chain = [playbook] + bases  // nearest first
    var proofs: [String: Proof] = [:]
    for file in chain.reversed() { for p in file.proofs { proofs[p.id] = p } }
    var levels: [AppealLevel] = []
    for file in chain.reversed() {
      guard let own = file.appealLevels else { continue }
      // A file that defines levels defines the order; base levels with the same id are replaced.
      levels = own
    }
    func mergeByID<T>(_ lists: [[T]], id: (T) -> String) -> [T] {
      var seen = Set<String>()
      var out: [T] = []
      for list in lists { for item in list where seen.insert(id(item)).inserted { out.append(item) } }
      return out
    }
    let reasons = mergeByID(chain.map(\.denialReasons)) { $0.id }
    let checks = mergeByID(chain.map(\.checks)) { $0.id }
    let holidays = chain.first { $0.holidays != nil }?.holidays ?? []
    let routine = chain.first { $0.routineAdjustments != nil }?.routineAdjustments
    let revision = chain.map { "\($0.key)@\($0.revision ?? "unversioned")" }.joined(separator: "+")
    return ResolvedPlaybook(
      playbook: playbook, bases: bases.map(\.key), proofs: proofs, appealLevels: levels, denialReasons: reasons,
      checks: checks, holidays: holidays, routineAdjustments: routine, revision: revision)
  }

  /// Proof and level references, and reason/check id conflicts, against the merged view.
  /// Only problems written in this playbook's own file are reported here, so a base's problem
  /// is reported once, with the base.
  mutating func checkReferences(_ r: ResolvedPlaybook, own: Playbook) {
    let proofIDs = Array(r.proofs.keys).sorted()
    let levelIDs = r.appealLevels.map(\.id)
    func undefinedProof(_ id: String, at span: SourceSpan) {
      let guess = Spelling.suggestion(for: id, among: proofIDs)
      diagnostics.append(
        Diagnostic(.undefinedProof, "proof `\(id)` is not defined", at: span,
                   help: guess.map { "did you mean `\($0)`?" } ?? "add `\(id): {title: ...}` under `proofs:`, here or in the base"))
    }
    for reason in own.denialReasons {
      for (id, span) in zip(reason.requires, reason.requiresSpans) where r.proofs[id] == nil { undefinedProof(id, at: span) }
      if let prevent = reason.prevent {
        for id in prevent.requires where r.proofs[id] == nil { undefinedProof(id, at: prevent.span) }
      }
      if let (level, span) = reason.startAt, !levelIDs.contains(level) {
        let guess = Spelling.suggestion(for: level, among: levelIDs)
        diagnostics.append(
          Diagnostic(.undefinedLevel, "appeal level `\(level)` is not defined", at: span,
                     help: guess.map { "did you mean `\($0)`?" }
                       ?? (levelIDs.isEmpty ? "add `appeal_levels:` here or in the base" : "levels defined: \(levelIDs.joined(separator: ", "))")))
      }
    }
    for check in own.checks {
      for (id, span) in zip(check.requires, check.requiresSpans) where r.proofs[id] == nil { undefinedProof(id, at: span) }
    }
    // Inherited reasons whose `start_at` names a level this playbook's own `appeal_levels` dropped.
    if own.appealLevels != nil {
      for reason in r.denialReasons where reason.sourceKey != own.key {
        guard let (level, span) = reason.startAt, !levelIDs.contains(level) else { continue }
        let anchor = own.payer?.span ?? span
        diagnostics.append(
          Diagnostic(.undefinedLevel, "inherited reason `\(reason.id)` starts at level `\(level)`, which this playbook's `appeal_levels` does not define", at: anchor,
                     help: "keep a level with id `\(level)` in `appeal_levels`, or replace reason `\(reason.id)` here with its own `start_at`",
                     notes: [Diagnostic.Note("`start_at: \(level)` is here", at: span)]))
      }
    }
    // A reason and a check sharing an id anywhere in the chain.
    let checkByID = Dictionary(r.checks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for reason in r.denialReasons {
      guard let check = checkByID[reason.id] else { continue }
      guard reason.sourceKey == own.key || check.sourceKey == own.key else { continue }
      let (here, other) = reason.sourceKey == own.key ? (reason.span, check.span) : (check.span, reason.span)
      diagnostics.append(
        Diagnostic(.conflictingID, "id `\(reason.id)` names both a denial reason and a check", at: here,
                   help: "rename one; findings and checklists name rules by id",
                   notes: [Diagnostic.Note("the other `\(reason.id)` is here", at: other)]))
    }
  }

  /// Two payer playbooks must not claim the same payer id, identifier, name or default plan type.
  /// One diagnostic per pair of playbooks, on the later one, naming everything they share.
  mutating func checkRouting() {
    var claims: [String: (owner: String, span: SourceSpan)] = [:]
    for r in resolved {
      guard let payer = r.playbook.payer else { continue }
      var keys: [(String, String)] = [("payer id `\(payer.id)`", "id:\(payer.id)")]
      keys += payer.payerIDs.map { ("payer identifier `\($0)`", "pid:\($0.uppercased())") }
      keys += ([payer.name] + payer.names).map { ("name `\($0)`", "name:\(PayerNames.normalize($0))") }
      keys += payer.defaultFor.map { ("`default_for: \($0)`", "default:\($0)") }
      var shared: [String: (words: [String], span: SourceSpan)] = [:]
      var order: [String] = []
      for (words, key) in keys {
        if let first = claims[key] {
          guard first.owner != r.playbook.key else { continue }
          if shared[first.owner] == nil { order.append(first.owner) }
          shared[first.owner, default: ([], first.span)].words.append(words)
        } else {
          claims[key] = (r.playbook.key, payer.span)
        }
      }
      for owner in order {
        guard let (words, span) = shared[owner] else { continue }
        let unique = words.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        diagnostics.append(
          Diagnostic(.ambiguousRouting, "\(unique.joined(separator: ", ")) also claimed by `\(owner)`", at: payer.span,
                     help: "each payer id, name and default plan type may belong to one playbook only; remove it from one of the two",
                     notes: [Diagnostic.Note("`\(owner)` claims it here", at: span)]))
      }
    }
  }
}

extension PlaybookLibrary {
  /// Problems in tests that the shapes cannot see: ids in `expect` that the playbook does not
  /// define, and a test without exactly one of `denial` or `case`.
  public static func checkTestReferences(_ tests: [PlaybookTest], playbook: ResolvedPlaybook) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let reasonIDs = playbook.denialReasons.map(\.id)
    let ruleIDs = reasonIDs + playbook.checks.map(\.id)
    let levelIDs = playbook.appealLevels.map(\.id)
    for test in tests {
      let n = test.node
      if (n["denial"] == nil) == (n["case"] == nil) {
        out.append(
          Diagnostic(.testInput, "test `\(test.name)` needs exactly one of `denial` or `case`", at: test.span,
                     help: "write a `denial:` to test a checklist, or a `case:` to test pre-submission findings"))
      }
      guard let e = n["expect"], e.mapping != nil else { continue }
      func check(_ key: String, among ids: [String], what: String) {
        guard let node = e[key] else { return }
        let items = node.sequence ?? [node]
        for item in items {
          guard let s = item.scalar, !s.isNull, case let id = s.text, !ids.contains(id), !id.hasPrefix("builtin:") else { continue }
          let guess = Spelling.suggestion(for: id, among: ids)
          out.append(
            Diagnostic(.undefinedRule, "test `\(test.name)` expects \(what) `\(id)`, which is not defined", at: item.span,
                       help: guess.map { "did you mean `\($0)`?" } ?? "use an id from this playbook or its base"))
        }
      }
      check("reason", among: reasonIDs, what: "reason")
      check("reasons", among: reasonIDs, what: "reason")
      check("not_reasons", among: reasonIDs, what: "reason")
      check("level", among: levelIDs, what: "level")
      check("findings", among: ruleIDs, what: "rule")
      check("not_findings", among: ruleIDs, what: "rule")
    }
    return out
  }
}

/// Payer name normalization for routing: `Acme Health Plan, Inc.` and `ACME HEALTH PLAN INC`
/// compare equal.
public enum PayerNames {
  /// Uppercase letters and digits, single spaces, common suffixes dropped.
  public static func normalize(_ name: String) -> String {
    let words = name.uppercased().split { !$0.isLetter && !$0.isNumber }
    let dropped: Set<Substring> = ["INC", "LLC", "CORP", "CO", "THE", "CORPORATION", "COMPANY"]
    return words.filter { !dropped.contains($0) }.joined(separator: " ")
  }
}

/// Per-index result slots that `concurrentPerform` workers fill, guarded by a lock.
final class LockedSlots<T: Sendable>: @unchecked Sendable {
  private var storage: [T?]
  private let lock = NSLock()
  init(count: Int) { storage = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ value: T) {
    lock.lock()
    storage[i] = value
    lock.unlock()
  }
  var values: [T] { storage.compactMap { $0 } }
}
