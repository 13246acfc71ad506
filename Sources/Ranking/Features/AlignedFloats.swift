/// An immutable run of floats starting on a cache-line boundary. A table row of 16 features is
/// one 64-byte line when the rows start on a line, and two when they start where an Array's
/// elements do (32 bytes past a malloc boundary): half the misses for each candidate's row.
public final class AlignedFloats: @unchecked Sendable {
    // Written only inside `init`; read-only afterwards, so sharing across threads is safe.
    private let base: UnsafeMutablePointer<Float>
    public let count: Int

    static let alignment = 64

    /// `count` floats, NaN until `fill` writes them.
    init(count: Int, fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: AlignedFloats.alignment)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        base.initialize(repeating: .nan, count: max(count, 1))
        self.count = count
        fill(UnsafeMutableBufferPointer(start: base, count: count))
    }

    deinit { base.deallocate() }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    public subscript(index: Int) -> Float {
        precondition(index >= 0 && index < count, "feature value index out of range")
        return base[index]
    }
}
