// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Payerbook",
  products: [
    .executable(name: "payerbook", targets: ["payerbook"])
  ],
  targets: [
    // C libraries from Debian packages.
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

    // Source positions, diagnostics and their rendering.
    .target(name: "Diagnostics"),
    // Code values with our own short wording: CARC, RARC, group, place of service, filing
    // indicators and plan types.
    .target(name: "CodeSets"),
    // Plain models that readers produce: Remittance (835) and Case (837P or case JSON).
    .target(name: "Claims", dependencies: ["CodeSets", "Diagnostics"]),
    // Streaming X12 reader: envelopes, 835 remittances, 837P claims.
    .target(name: "X12Reading", dependencies: ["Claims", "CodeSets", "Diagnostics"]),
    // Strict YAML over libyaml: a located node tree, no implicit typing.
    .target(name: "YAMLLoading", dependencies: ["CYAML", "Diagnostics"]),
    // The playbook format: model, schema, decoding, validation, code catalogues.
    .target(name: "PlaybookModel", dependencies: ["YAMLLoading", "Diagnostics", "CodeSets", "Claims"]),
    // Matching denials and cases against compiled playbooks; checklists, findings, deadlines.
    // No I/O.
    .target(name: "Evaluation", dependencies: ["PlaybookModel", "Claims", "CodeSets"]),
    // Text, Markdown, HTML and JSON output of checklists and findings.
    .target(name: "Rendering", dependencies: ["Evaluation", "Claims", "CodeSets"]),
    // Where denials, context and outcomes live: the store interface and its SQLite backend.
    .target(name: "OutcomeStore", dependencies: ["CSQLite", "Claims", "Evaluation"]),
    // Reading files into the store: submissions, remittances (streamed), matching, linking.
    .target(name: "Ingestion", dependencies: ["OutcomeStore", "X12Reading", "Evaluation", "Claims", "CodeSets", "Diagnostics"]),
    // Playbook revision suggestions mined from tracked outcomes, and the patches that apply them.
    .target(name: "Suggestions", dependencies: ["Claims", "CodeSets", "PlaybookModel", "YAMLLoading", "Diagnostics", "OutcomeStore", "Evaluation"]),
    // `payerbook test`: runs the examples written in playbooks against the evaluator.
    .target(name: "PlaybookTesting", dependencies: ["Evaluation", "PlaybookModel", "Claims", "YAMLLoading"]),
    // Subcommands, argument parsing, output.
    .target(
      name: "PayerbookCLI",
      dependencies: [
        "PlaybookModel", "Diagnostics", "CodeSets", "Claims", "X12Reading", "Evaluation", "Rendering", "PlaybookTesting", "OutcomeStore", "Ingestion", "Suggestions",
      ]),
    .executableTarget(name: "payerbook", dependencies: ["PayerbookCLI"]),
    // Benchmarks (release builds only; see `make bench`).
    .executableTarget(
      name: "x12-bench", dependencies: ["X12Reading", "Claims"], path: "Benchmarks/x12-bench"),
    .executableTarget(
      name: "payerbook-bench", dependencies: ["PlaybookModel", "YAMLLoading", "CYAML"],
      path: "Benchmarks/payerbook-bench"),
    .executableTarget(
      name: "evaluator-bench", dependencies: ["Evaluation", "PlaybookModel", "Claims"],
      path: "Benchmarks/evaluator-bench"),
    .executableTarget(
      name: "store-bench", dependencies: ["Ingestion", "OutcomeStore", "Evaluation", "PlaybookModel", "X12Reading", "Claims", "CodeSets"],
      path: "Benchmarks/store-bench"),

    // Golden-file comparison shared by the test targets.
    .target(name: "GoldenFiles", path: "Sources/GoldenFiles"),

    .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
    .testTarget(name: "CodeSetsTests", dependencies: ["CodeSets"]),
    .testTarget(name: "ClaimsTests", dependencies: ["Claims"]),
    .testTarget(
      name: "X12ReadingTests", dependencies: ["X12Reading", "Claims"], resources: [.copy("Golden")]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "PlaybookModel", "Claims"]),
    // Golden files are read from the source tree (see Sources/GoldenFiles), not bundled.
    .testTarget(
      name: "RenderingTests", dependencies: ["Rendering", "Evaluation", "Claims", "GoldenFiles"], exclude: ["Golden"]),
    .testTarget(name: "PlaybookTestingTests", dependencies: ["PlaybookTesting", "PlaybookModel", "Evaluation"]),
    .testTarget(name: "OutcomeStoreTests", dependencies: ["OutcomeStore", "Evaluation", "Claims"]),
    .testTarget(name: "IngestionTests", dependencies: ["Ingestion", "OutcomeStore", "Evaluation", "PlaybookModel", "Claims"]),
    .testTarget(name: "SuggestionsTests", dependencies: ["Suggestions", "Claims", "PlaybookModel"]),
    .testTarget(name: "YAMLLoadingTests", dependencies: ["YAMLLoading"]),
    .testTarget(
      name: "PlaybookModelTests", dependencies: ["PlaybookModel"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "PayerbookCLITests", dependencies: ["PayerbookCLI", "OutcomeStore", "GoldenFiles"], exclude: ["Golden"]),
  ]
)
