internal import CSQLite
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A store error, in words for the user, with the database path.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  /// The likely fix.
  public var help: String?
  /// The SQLite result code, when SQLite reported it.
  public var code: Int32?

  /// Creates an error.
  public init(_ message: String, help: String? = nil, code: Int32? = nil) {
    self.message = message
    self.help = help
    self.code = code
  }

  public var description: String { message }
}

/// A thin, safe wrapper over one SQLite connection: prepared statements with bound parameters
/// only (never string-built SQL with values), transactions, and errors in words.
final class SQLiteDatabase {
  let handle: OpaquePointer
  let path: String
  private var statements: [String: OpaquePointer] = [:]

  /// Opens (or creates, owner-only) a database file. Refuses files that are not SQLite
  /// databases, so a wrong path or a corrupt file is never overwritten.
  init(path: String, create: Bool) throws {
    self.path = path
    let exists = FileManager.default.fileExists(atPath: path)
    if exists {
      try SQLiteDatabase.checkHeader(path)
      try SQLiteDatabase.checkWritable(path)
    } else if create {
      // Create the file ourselves with 0600 so it is never readable by others, even briefly;
      // SQLite gives its -wal and -shm files the same permissions.
      let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
      if fd < 0 {
        let reason = String(cString: strerror(errno))
        if errno != EEXIST {
          throw StoreError(
            "cannot create the database `\(path)`: \(reason)", help: "check that the folder exists and is writable, or pass --db PATH")
        }
      } else {
        close(fd)
      }
    } else {
      throw StoreError("no database at `\(path)`", help: "run `payerbook ingest` first, or pass --db PATH (or set PAYERBOOK_DB)")
    }
    var db: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      if let db { sqlite3_close_v2(db) }
      throw StoreError("cannot open the database `\(path)`: \(message)", help: SQLiteDatabase.help(for: rc), code: rc)
    }
    handle = db
    sqlite3_extended_result_codes(db, 1)
  }

  deinit {
    for (_, statement) in statements { sqlite3_finalize(statement) }
    sqlite3_close_v2(handle)
  }

  /// A non-empty file that does not start with SQLite's header is not ours to touch.
  static func checkHeader(_ path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw StoreError("cannot read the database `\(path)`", help: "check its permissions")
    }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 16)) ?? Data()
    if head.isEmpty { return }
    if head != Data("SQLite format 3\0".utf8) {
      throw StoreError(
        "`\(path)` is not a Payerbook database (it is not an SQLite file, or it is damaged); it was left untouched",
        help: "pass the right file with --db, or restore it from a backup")
    }
  }

  /// A WAL database needs a writable file and folder (for its -wal and -shm files), even to
  /// read; SQLite alone would only say "unable to open database file".
  static func checkWritable(_ path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if access(path, W_OK) != 0 {
      throw StoreError(
        "the database `\(path)` is read-only (\(String(cString: strerror(errno)))); nothing was changed",
        help: help(for: SQLITE_READONLY), code: SQLITE_READONLY)
    }
    if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
      throw StoreError(
        "the database `\(path)` cannot be used: its folder is read-only (\(String(cString: strerror(errno)))); nothing was changed",
        help: help(for: SQLITE_READONLY), code: SQLITE_READONLY)
    }
  }

  static func help(for rc: Int32) -> String? {
    switch rc & 0xFF {
    case SQLITE_READONLY: return "the database or its folder is read-only; check permissions or pass --db with a writable path"
    case SQLITE_FULL: return "the disk is full; free space and run the command again (nothing was half-written)"
    case SQLITE_CORRUPT, SQLITE_NOTADB: return "the database file is damaged; restore it from a backup (Payerbook will not overwrite it)"
    case SQLITE_BUSY, SQLITE_LOCKED: return "another Payerbook process holds the database; wait for it to finish and retry"
    case SQLITE_CANTOPEN: return "check that the path exists and is readable"
    case SQLITE_IOERR: return "the disk reported an error (it may be full or failing); nothing was half-written"
    default: return nil
    }
  }

  func error(_ rc: Int32, _ what: String) -> StoreError {
    let message = String(cString: sqlite3_errmsg(handle))
    return StoreError("database error while \(what) (`\(path)`): \(message)", help: SQLiteDatabase.help(for: rc), code: rc)
  }

  /// Runs SQL with no parameters and no results (schema, pragmas).
  func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &message)
    if rc != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? "error \(rc)"
      sqlite3_free(message)
      throw StoreError("database error (`\(path)`): \(text)", help: SQLiteDatabase.help(for: rc), code: rc)
    }
  }

  /// A cached prepared statement.
  func statement(_ sql: String) throws -> Statement {
    if let cached = statements[sql] {
      sqlite3_reset(cached)
      sqlite3_clear_bindings(cached)
      return Statement(db: self, handle: cached)
    }
    var raw: OpaquePointer?
    let rc = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
    guard rc == SQLITE_OK, let raw else { throw error(rc, "preparing a query") }
    statements[sql] = raw
    return Statement(db: self, handle: raw)
  }

  /// Runs a statement with parameters; returns the number of rows changed.
  @discardableResult
  func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
    let s = try statement(sql)
    try s.bind(values)
    while try s.step() {}
    return Int(sqlite3_changes(handle))
  }

  /// Rows of a query.
  func query(_ sql: String, _ values: [SQLValue] = [], _ row: (Statement) throws -> Void) throws {
    let s = try statement(sql)
    try s.bind(values)
    while try s.step() { try row(s) }
  }

  /// The first column of the first row.
  func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue {
    var result = SQLValue.null
    let s = try statement(sql)
    try s.bind(values)
    if try s.step() { result = s.value(0) }
    while try s.step() {}
    return result
  }

  var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`, so concurrent writers queue on
  /// the busy timeout instead of failing mid-way). Rolls back on any error.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }
}

/// A value bound to or read from SQL.
enum SQLValue: Equatable {
  case null
  case int(Int64)
  case text(String)
  case real(Double)

  var int: Int64? { if case .int(let v) = self { return v } else { return nil } }
  var text: String? { if case .text(let v) = self { return v } else { return nil } }
}

/// A prepared statement in use.
struct Statement {
  let db: SQLiteDatabase
  let handle: OpaquePointer

  func bind(_ values: [SQLValue]) throws {
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      let rc: Int32
      switch value {
      case .null: rc = sqlite3_bind_null(handle, index)
      case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
      case .real(let v): rc = sqlite3_bind_double(handle, index, v)
      case .text(let v): rc = sqlite3_bind_text(handle, index, v, -1, SQLITE_TRANSIENT_PTR)
      }
      if rc != SQLITE_OK { throw db.error(rc, "binding a value") }
    }
  }

  /// Steps; true when a row is available.
  func step() throws -> Bool {
    let rc = sqlite3_step(handle)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    throw db.error(rc, "running a query")
  }

  func value(_ i: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, i) {
    case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, i))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
    case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
    default: return .null
    }
  }

  func int(_ i: Int32) -> Int64? { value(i).int }
  func text(_ i: Int32) -> String? { value(i).text }
}

/// SQLite's "copy the bytes now" destructor.
let SQLITE_TRANSIENT_PTR = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
