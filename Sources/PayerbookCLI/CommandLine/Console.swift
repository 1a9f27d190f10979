import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes: standard output and standard error, or buffers in tests.
public final class Console: @unchecked Sendable {
  private let lock = NSLock()
  private var capturedOut = ""
  private var capturedErr = ""
  private let capture: Bool
  /// Whether to use ANSI colors on standard output.
  public let colorOut: Bool
  /// Whether to use ANSI colors on standard error.
  public let colorErr: Bool
  /// Whether standard error is a terminal (progress lines are drawn only then).
  public let interactiveErr: Bool
  /// The environment commands read (`PAYERBOOK_PLAYBOOKS`, ...).
  public let environment: [String: String]
  /// The folder relative paths are resolved from.
  public let workingDirectory: String

  /// A console on the real terminal.
  public static func standard() -> Console {
    let env = ProcessInfo.processInfo.environment
    let noColor = env["NO_COLOR"] != nil || env["TERM"] == "dumb"
    return Console(
      capture: false, colorOut: !noColor && isatty(1) == 1, colorErr: !noColor && isatty(2) == 1, interactiveErr: isatty(2) == 1,
      environment: env, workingDirectory: FileManager.default.currentDirectoryPath)
  }

  /// A console that captures output (tests).
  public static func capturing(environment: [String: String] = [:], workingDirectory: String = FileManager.default.currentDirectoryPath) -> Console {
    Console(capture: true, colorOut: false, colorErr: false, interactiveErr: false, environment: environment, workingDirectory: workingDirectory)
  }

  init(capture: Bool, colorOut: Bool, colorErr: Bool, interactiveErr: Bool, environment: [String: String], workingDirectory: String) {
    self.capture = capture
    self.colorOut = colorOut
    self.colorErr = colorErr
    self.interactiveErr = interactiveErr
    self.environment = environment
    self.workingDirectory = workingDirectory
  }

  /// Writes to standard output.
  public func out(_ text: String) {
    if capture {
      lock.lock()
      capturedOut += text
      lock.unlock()
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// Writes to standard error.
  public func err(_ text: String) {
    if capture {
      lock.lock()
      capturedErr += text
      lock.unlock()
    } else {
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  /// Everything written to standard output (capturing consoles).
  public var stdout: String {
    lock.lock()
    defer { lock.unlock() }
    return capturedOut
  }

  /// Everything written to standard error (capturing consoles).
  public var stderr: String {
    lock.lock()
    defer { lock.unlock() }
    return capturedErr
  }
}
