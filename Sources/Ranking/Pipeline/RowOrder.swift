/// A model's `RowGrouping` bound to the plan's input: sorts a batch's rows before the model runs
/// and puts the scores back in request order after.
struct RowOrder: Sendable {
    /// The plan input (and `FeatureBatch` buffer) the grouping sorts.
    let slot: Int
    let width: Int
    let columns: [Int]

    /// Below this many rows there is too little for the branch predictor to learn from to pay
    /// for the sort.
    static let minimumRows = 16

    init?(grouping: RowGrouping, plan: FeaturePlan) {
        guard let slot = plan.inputs.firstIndex(where: { $0.name == grouping.input }), !plan.inputs[slot].isVector,
              grouping.columns.allSatisfy({ $0 < plan.inputs[slot].width }) else { return nil }
        self.slot = slot
        self.width = plan.inputs[slot].width
        self.columns = grouping.columns
    }

    /// Position `p` of the grouped batch holds row `order[p]`: rows sorted by the columns in
    /// turn, NaN after every number, equal rows in request order.
    ///
    /// Each row becomes one integer: every column's value as order-preserving bits cut to their
    /// top `columnBits` (sign, exponent, 3 mantissa bits: values within ~1/8 of each other
    /// share a group), then the row index in whole bytes. Cutting more (8 bits) lost a third of
    /// the gain on the large sample; keeping more bought nothing and costs radix passes. The
    /// keys are made in index order, so the sort skips their index bytes.
    static let columnBits = 12

    func order(of values: UnsafeBufferPointer<Float>, count: Int) -> [Int32] {
        let indexBytes = max(1, (Int.bitWidth - (count - 1).leadingZeroBitCount + 7) / 8)
        let indexBits = 8 * indexBytes
        let columnBits = min(RowOrder.columnBits, (64 - indexBits) / columns.count)
        var keys = [UInt64](unsafeUninitializedCapacity: count) { keys, initialized in
            for row in 0..<count {
                var key: UInt64 = 0
                for column in columns {
                    let bits = RowOrder.ascendingOrder(values[row * width + column])
                    key = key << UInt64(columnBits) | UInt64(bits >> UInt32(32 - columnBits))
                }
                keys[row] = key << UInt64(indexBits) | UInt64(row)
            }
            initialized = count
        }
        RadixSort.sort(&keys, sortedLowBytes: indexBytes)
        let mask = UInt64(1) << UInt64(indexBits) - 1
        return keys.map { Int32(truncatingIfNeeded: $0 & mask) }
    }

    /// The batch's rows in `order`.
    func grouped(_ values: [Float], order: [Int32]) -> [Float] {
        let width = self.width
        return [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = out.baseAddress else { return }
                for (position, row) in order.enumerated() {
                    (to + position * width).initialize(from: from + Int(row) * width, count: width)
                }
            }
            initialized = values.count
        }
    }

    /// Scores of the grouped batch, back in request order.
    static func restored(_ scores: [Float], order: [Int32]) -> [Float] {
        var result = [Float](repeating: .nan, count: scores.count)
        for (position, row) in order.enumerated() { result[Int(row)] = scores[position] }
        return result
    }

    /// A Float as a UInt32 that sorts as the Float does, with every NaN after every number.
    @inline(__always)
    static func ascendingOrder(_ value: Float) -> UInt32 {
        value.isNaN ? UInt32.max : min(FloatOrder.bits(value), UInt32.max - 1)
    }
}
