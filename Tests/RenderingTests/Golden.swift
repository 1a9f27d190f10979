import GoldenFiles
import Testing

/// Compares output with a golden file in `Tests/RenderingTests/Golden/`
/// (`RECORD_GOLDEN=1 swift test --filter RenderingTests` re-records; review with `git diff Tests/`).
func assertGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
  GoldenFiles.assertGolden(name, actual, folder: packageRoot + "/Tests/RenderingTests/Golden", sourceLocation: sourceLocation)
}

/// The package's root folder.
let packageRoot: String = GoldenFiles.packageRoot
