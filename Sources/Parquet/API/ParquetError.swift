/// Every failure of the reader: a truncated, corrupt, hostile or unsupported file, or an I/O error.
/// `message` is written for a person: it names the file, and the column and page where relevant.
public struct ParquetError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The same error with `context` (file, column, page) put in front, outermost first.
    func prefixed(_ context: String) -> ParquetError {
        ParquetError("\(context): \(message)")
    }
}

/// Checked arithmetic on values that came from the file: overflow is corruption, not a trap.
@inline(__always)
func checkedAdd(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws(ParquetError) -> Int {
    let (r, overflow) = a.addingReportingOverflow(b)
    if overflow { throw ParquetError("\(what()) overflows") }
    return r
}

@inline(__always)
func checkedMul(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws(ParquetError) -> Int {
    let (r, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw ParquetError("\(what()) overflows") }
    return r
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` keeping the typed error (the standard library's version rethrows `any Error`).
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ParquetError) -> R) throws(ParquetError) -> R {
        let result: Result<R, ParquetError> = withUnsafeBytes { raw in
            Result { () throws(ParquetError) -> R in try body(raw) }
        }
        return try result.get()
    }
}
