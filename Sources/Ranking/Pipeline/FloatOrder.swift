/// Floats as integers that sort the same way, so sorts compare plain integers (score order,
/// batch row order) instead of calling a closure per comparison.
enum FloatOrder {
    /// The IEEE-754 bits ordered as unsigned: flip all bits of negatives, the sign bit of
    /// positives. -0 maps with +0. Not for NaN: callers place it themselves.
    @inline(__always)
    static func bits(_ value: Float) -> UInt32 {
        let bits = (value == 0 ? Float(0) : value).bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}
