// The catalogue of playbook and YAML diagnostic codes. Keep codes stable: add, never renumber.
// After adding a code here, regenerate docs/diagnostics.md (see CONTRIBUTING.md).

extension DiagnosticCode {
  // MARK: PB0xx: input and usage

  /// A file or folder could not be read.
  public static let cannotRead = DiagnosticCode(
    "PB001", "cannot-read", .error, "A file or folder could not be read: check the path and its permissions.")
  /// No playbook files were found where some were expected.
  public static let noPlaybooks = DiagnosticCode(
    "PB002", "no-playbooks", .error,
    "No `.yaml` or `.yml` playbook files were found in the given folder.")

  static let inputCodes: [DiagnosticCode] = [cannotRead, noPlaybooks]

  // MARK: PB1xx: YAML syntax

  /// libyaml could not parse the file.
  public static let yamlSyntax = DiagnosticCode(
    "PB101", "yaml-syntax", .error,
    "The file is not valid YAML; the message and caret show where the parser stopped.")
  /// A tab character was used for indentation.
  public static let tabIndentation = DiagnosticCode(
    "PB102", "tab-indentation", .error,
    "YAML indentation must use spaces; replace the tab with spaces.")
  /// A mapping has the same key twice.
  public static let duplicateKey = DiagnosticCode(
    "PB103", "duplicate-key", .error,
    "A key appears twice in the same mapping; the later one would silently win, so remove or rename one."
  )
  /// Aliases expand to too many nodes ("billion laughs").
  public static let aliasExpansion = DiagnosticCode(
    "PB104", "alias-expansion-limit", .error,
    "Anchors and aliases expand to more nodes than allowed; reuse less or write the values out.")
  /// An alias names an anchor that was not defined before it.
  public static let undefinedAlias = DiagnosticCode(
    "PB105", "undefined-alias", .error, "An alias (`*name`) refers to an anchor (`&name`) that is not defined above it.")
  /// An explicit YAML tag was used.
  public static let unsupportedTag = DiagnosticCode(
    "PB106", "unsupported-tag", .error,
    "Explicit YAML tags (`!!int`, `!custom`) are not used in playbooks; the field decides the type.")
  /// The file holds more than one YAML document.
  public static let multipleDocuments = DiagnosticCode(
    "PB107", "multiple-documents", .error, "A playbook file holds exactly one YAML document; split the file or remove the `---`.")
  /// The file is not valid UTF-8 text.
  public static let encoding = DiagnosticCode(
    "PB108", "encoding", .error, "Playbook files must be UTF-8 text.")
  /// A mapping key is a list or mapping instead of text.
  public static let complexKey = DiagnosticCode(
    "PB109", "complex-key", .error, "Mapping keys must be plain text, not lists or mappings.")
  /// The file is empty.
  public static let emptyDocument = DiagnosticCode(
    "PB110", "empty-document", .error, "The file holds no YAML content.")

  static let yamlCodes: [DiagnosticCode] = [
    yamlSyntax, tabIndentation, duplicateKey, aliasExpansion, undefinedAlias, unsupportedTag,
    multipleDocuments, encoding, complexKey, emptyDocument,
  ]

  // MARK: PB2xx: structure and value types

  /// A key the format does not define.
  public static let unknownKey = DiagnosticCode(
    "PB201", "unknown-key", .error, "The key is not part of the playbook format; check its spelling against the suggestion.")
  /// A required field is missing.
  public static let missingField = DiagnosticCode(
    "PB202", "missing-field", .error, "A required field is missing; add it.")
  /// A value has the wrong shape (for example a list where text was expected).
  public static let wrongType = DiagnosticCode(
    "PB203", "wrong-type", .error, "The value has the wrong shape for its field (text, list or mapping).")
  /// A boolean field holds something other than `true` or `false`.
  public static let invalidBoolean = DiagnosticCode(
    "PB204", "invalid-boolean", .error, "Boolean fields take `true` or `false` only (not yes/no/on/off).")
  /// A date is not a `YYYY-MM-DD` calendar date.
  public static let invalidDate = DiagnosticCode(
    "PB205", "invalid-date", .error, "Dates are calendar dates written `YYYY-MM-DD`, without a time or time zone.")
  /// A whole number was expected.
  public static let invalidInteger = DiagnosticCode(
    "PB206", "invalid-integer", .error, "The field takes a whole number in the range given in the message.")
  /// A money amount is malformed.
  public static let invalidMoney = DiagnosticCode(
    "PB207", "invalid-money", .error, "Money amounts are plain decimals such as `200` or `1960.00`, without `$` or commas.")
  /// A value outside the allowed set.
  public static let invalidChoice = DiagnosticCode(
    "PB208", "invalid-choice", .error, "The value is not one of the allowed choices listed in the help line.")
  /// An id has characters outside `a-z`, `0-9`, `-` and `_`.
  public static let invalidID = DiagnosticCode(
    "PB209", "invalid-id", .error,
    "Ids are lowercase letters, digits, `-` and `_`, starting with a letter or digit.")
  /// A list that must have entries is empty.
  public static let emptyList = DiagnosticCode(
    "PB210", "empty-list", .error, "The list must have at least one entry.")
  /// A field has no value.
  public static let missingValue = DiagnosticCode(
    "PB211", "missing-value", .error, "The key has no value; write one after the colon or remove the key.")

  /// Fields that exclude each other are both present.
  public static let conflictingFields = DiagnosticCode(
    "PB212", "conflicting-fields", .error, "Two fields that exclude each other are both written; keep one.")

  static let structureCodes: [DiagnosticCode] = [
    unknownKey, missingField, wrongType, invalidBoolean, invalidDate, invalidInteger, invalidMoney,
    invalidChoice, invalidID, emptyList, missingValue, conflictingFields,
  ]

  // MARK: PB3xx: ids and references

  /// A proof id that is not in the `proofs` catalogue.
  public static let undefinedProof = DiagnosticCode(
    "PB301", "undefined-proof", .error, "The proof id is not defined in `proofs` of this playbook or its base.")
  /// An appeal level id that is not in `appeal_levels`.
  public static let undefinedLevel = DiagnosticCode(
    "PB302", "undefined-level", .error, "The appeal level id is not defined in `appeal_levels` of this playbook or its base.")
  /// The same id twice in one section of one file.
  public static let duplicateID = DiagnosticCode(
    "PB303", "duplicate-id", .error, "Two entries of the same section share an id; ids must be unique.")
  /// A denial reason and a check share an id across the extends chain.
  public static let conflictingID = DiagnosticCode(
    "PB304", "conflicting-id", .error,
    "A denial reason and a check (here or in the base) share an id; findings name rules by id, so rename one.")
  /// Two playbooks claim the same payer id, payer identifier or default plan type.
  public static let ambiguousRouting = DiagnosticCode(
    "PB305", "ambiguous-routing", .error,
    "Two playbooks claim the same payer id, identifier or `default_for` plan type, so routing would be ambiguous.")

  /// A playbook test names a reason, check or level that does not exist.
  public static let undefinedRule = DiagnosticCode(
    "PB306", "undefined-rule", .error,
    "A playbook test expects a reason, check or level id that the playbook (with its base) does not define.")
  /// A playbook test gives neither a denial nor a case, or both.
  public static let testInput = DiagnosticCode(
    "PB307", "test-input", .error, "A playbook test gives exactly one of `denial` or `case`.")

  static let referenceCodes: [DiagnosticCode] = [
    undefinedProof, undefinedLevel, duplicateID, conflictingID, ambiguousRouting, undefinedRule, testInput,
  ]

  // MARK: PB4xx: codes and code patterns

  /// A code pattern is malformed.
  public static let badPattern = DiagnosticCode(
    "PB401", "bad-code-pattern", .error,
    "A code pattern is an exact code (`29881`), a range of equal-length codes (`29870-29889`) or a prefix (`M17.*`).")
  /// A range whose start is after its end.
  public static let invertedRange = DiagnosticCode(
    "PB402", "inverted-range", .error, "A range's first code must not come after its last; swap them.")
  /// A range whose ends differ in length or letter prefix.
  public static let unevenRange = DiagnosticCode(
    "PB403", "uneven-range", .error,
    "Both ends of a range must have the same length and the same letter prefix (`J0120-J9999`).")
  /// An empty code or pattern.
  public static let emptyPattern = DiagnosticCode(
    "PB404", "empty-pattern", .error, "A code or pattern is empty.")
  /// A CARC not in Payerbook's code list.
  public static let unknownCARC = DiagnosticCode(
    "PB405", "unknown-carc", .warning,
    "The claim adjustment reason code is not in Payerbook's list; check it against the current X12 code list.")
  /// A RARC not in Payerbook's code list.
  public static let unknownRARC = DiagnosticCode(
    "PB406", "unknown-rarc", .warning,
    "The remittance advice remark code is not in Payerbook's list; check it against the current X12 code list.")
  /// A claim adjustment group code other than CO, PR, OA, PI or CR.
  public static let unknownGroup = DiagnosticCode(
    "PB407", "unknown-group", .warning, "Claim adjustment group codes are CO, PR, OA, PI and CR.")
  /// A place-of-service code not in Payerbook's list.
  public static let unknownPlaceOfService = DiagnosticCode(
    "PB408", "unknown-place-of-service", .warning,
    "The place-of-service code is not in Payerbook's list; POS codes are two digits such as `11` or `02`.")
  /// A malformed procedure, diagnosis or modifier code.
  public static let malformedCode = DiagnosticCode(
    "PB409", "malformed-code", .error,
    "The code does not have the shape of its kind (CPT/HCPCS: 5 characters; ICD-10: letter, digit, then up to 5; modifier: 2).")

  static let codeValueCodes: [DiagnosticCode] = [
    badPattern, invertedRange, unevenRange, emptyPattern, unknownCARC, unknownRARC, unknownGroup,
    unknownPlaceOfService, malformedCode,
  ]

  // MARK: PB5xx: extends and meaning

  /// The `extends` target does not exist.
  public static let extendsNotFound = DiagnosticCode(
    "PB501", "extends-not-found", .error, "The base playbook named by `extends` does not exist in the playbooks folder.")
  /// The `extends` path leaves the playbooks folder.
  public static let extendsEscapes = DiagnosticCode(
    "PB502", "extends-outside-folder", .error,
    "`extends` must name a playbook inside the playbooks folder, such as `base/medicare-part-b`.")
  /// Playbooks extend each other in a loop.
  public static let extendsCycle = DiagnosticCode(
    "PB503", "extends-cycle", .error, "Playbooks extend each other in a loop; break the loop.")
  /// An `effective.until` date before `effective.from`.
  public static let invertedDates = DiagnosticCode(
    "PB504", "inverted-dates", .error, "`until` is before `from`; swap the dates or fix the year.")
  /// An appeal reason that requires no proof.
  public static let emptyRequires = DiagnosticCode(
    "PB505", "empty-requires", .warning,
    "An appeal reason lists no proofs in `requires`; the checklist would have nothing to gather.")
  /// An action that should carry a reason has none.
  public static let actionWithoutReason = DiagnosticCode(
    "PB506", "action-without-reason", .warning,
    "`write_off` and `correct_and_resubmit` actions should say why (`action: {type: write_off, reason: ...}`).")
  /// A playbook outside `base/` has no `payer` section.
  public static let missingPayer = DiagnosticCode(
    "PB507", "missing-payer", .error, "A payer playbook (outside `base/`) needs a `payer` section.")
  /// A match with no condition at all.
  public static let emptyMatch = DiagnosticCode(
    "PB508", "empty-match", .error, "A `match` or `when` needs at least one condition, or it would match everything.")
  /// `start_at` on a reason whose action is not an appeal.
  public static let startAtWithoutAppeal = DiagnosticCode(
    "PB509", "start-at-without-appeal", .warning,
    "`start_at` only applies to `appeal` reasons; remove it or change the action.")

  /// `lint --analyze`: a reason another reason always outranks.
  public static let shadowedReason = DiagnosticCode(
    "PB510", "shadowed-reason", .warning,
    "Another reason matches every denial this one matches and ranks first, so this one is never the checklist's reason; make it more specific or remove one.")
  /// `lint --analyze`: a reason whose conditions contradict each other.
  public static let neverMatches = DiagnosticCode(
    "PB511", "never-matches", .warning, "The reason's conditions contradict each other, so it can never match.")

  static let semanticCodes: [DiagnosticCode] = [
    extendsNotFound, extendsEscapes, extendsCycle, invertedDates, emptyRequires,
    actionWithoutReason, missingPayer, emptyMatch, startAtWithoutAppeal, shadowedReason, neverMatches,
  ]
}
