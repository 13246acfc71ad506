import Foundation
import Synchronization

/// JSON-lines logs on stderr: one object per line with `ts`, `level`, `event` and the event's
/// fields, so log shippers parse them without patterns. Lines are written whole under a lock
/// (writes from several threads never interleave).
public final class EventLog: Sendable {
    public enum Level: String, Sendable { case debug, info, warn, error }

    private let sink: @Sendable (String) -> Void
    private let lock = Mutex(())

    /// Logs to stderr.
    public convenience init() {
        self.init { line in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Logs to `sink` (tests capture lines this way).
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    public func log(_ level: Level, _ event: String, _ fields: [(String, LogValue)] = []) {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.member("ts", EventLog.timestamp())
        writer.member("level", level.rawValue)
        writer.member("event", event)
        for (key, value) in fields {
            writer.key(key)
            value.write(to: &writer)
        }
        writer.endObject()
        let line = String(decoding: writer.bytes, as: UTF8.self) + "\n"
        lock.withLock { _ in sink(line) }
    }

    public func info(_ event: String, _ fields: [(String, LogValue)] = []) { log(.info, event, fields) }
    public func warn(_ event: String, _ fields: [(String, LogValue)] = []) { log(.warn, event, fields) }
    public func error(_ event: String, _ fields: [(String, LogValue)] = []) { log(.error, event, fields) }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        func pad(_ v: Int32, _ width: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}

/// A log field's value.
public enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String), int(Int), double(Double), bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .string(let s): writer.string(s)
        case .int(let i): writer.int(i)
        case .double(let d): writer.double(d)
        case .bool(let b): writer.bool(b)
        }
    }
}
