import CRankdShim
import OnnxRuntime

/// The model inputs for one request: per ONNX input, `count` rows of `width` floats, filled from
/// table rows and context values according to the plan.
struct FeatureBatch {
    let plan: FeaturePlan
    let count: Int
    private(set) var buffers: [[Float]]

    init(plan: FeaturePlan, count: Int) {
        self.plan = plan
        self.count = count
        buffers = plan.inputs.map { [Float](repeating: .nan, count: $0.width * count) }
    }

    /// Looks every candidate up in every table the plan reads, then copies rows into the batch.
    /// Returns, per configured table, the number of lookups that found no row.
    mutating func assemble(_ input: RankInput, snapshot: ServingSnapshot) -> [Int] {
        var missing = [Int](repeating: 0, count: snapshot.tables.count)
        let count = self.count
        let lookup = KeyLookup(input: input, needsQuery: plan.tables.contains { snapshot.keySources[$0].contains(.query) })
        // Every table's rows in one buffer, table `t` at `t * count` (tables the plan does not
        // read stay -1): one allocation per request, not one per table.
        var rows = [Int32](repeating: -1, count: snapshot.tables.count * count)
        rows.withUnsafeMutableBufferPointer { all in
            for table in plan.tables {
                let found = UnsafeMutableBufferPointer(rebasing: all[(table * count)..<((table + 1) * count)])
                lookup.rows(in: snapshot.tables[table], sources: snapshot.keySources[table], into: found)
                missing[table] = found.lazy.filter { $0 < 0 }.count
            }
            for table in plan.tables {
                FeatureBatch.prefetch(UnsafeBufferPointer(rebasing: all[(table * count)..<((table + 1) * count)]), of: snapshot.tables[table])
            }
        }
        for (slot, planned) in plan.inputs.enumerated() {
            fill(slot, planned, rows: rows, tables: snapshot.tables, input: input)
        }
        return missing
    }

    /// Requests every found row of every table before the copies wait on any: the rows of all
    /// tables are then in flight together instead of table by table.
    private static func prefetch(_ rows: UnsafeBufferPointer<Int32>, of table: FeatureTable) {
        let width = table.width
        table.values.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress, width > 0 else { return }
            for row in rows where row >= 0 {
                let start = base + Int(row) * width
                rankd_prefetch(start)
                rankd_prefetch(start + width - 1)  // a row that crosses into the next line
            }
        }
    }

    private mutating func fill(_ slot: Int, _ planned: FeaturePlan.Input, rows: [Int32], tables: [FeatureTable],
                               input: RankInput) {
        let width = planned.width
        let count = self.count
        buffers[slot].withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            for segment in planned.segments {
                let table = tables[segment.table]
                table.values.withUnsafeBufferPointer { values in
                    rows.withUnsafeBufferPointer { all in
                        guard let source = values.baseAddress else { return }
                        let rows = UnsafeBufferPointer(rebasing: all[(segment.table * count)..<((segment.table + 1) * count)])
                        FeatureBatch.copy(segment, rows: rows, from: source, rowWidth: table.width, into: base, width: width)
                    }
                }
            }
            for slot in planned.context {
                let value = input.contextValue(slot.name) ?? slot.fill
                for candidate in 0..<count { base[candidate * width + slot.target] = value }
            }
        }
    }

    /// Copies one segment of every candidate's row into the batch, then puts the segment's
    /// default where a value is missing. Plain pointers and integers only: no reference counting
    /// inside the loops.
    private static func copy(_ segment: FeaturePlan.Segment, rows: UnsafeBufferPointer<Int32>, from source: UnsafePointer<Float>,
                             rowWidth: Int, into base: UnsafeMutablePointer<Float>, width: Int) {
        let first = source + segment.source
        let target = base + segment.target
        let rest = segment.width - 1
        // The first float of every row first, in a loop of independent loads, so the rows'
        // cache misses overlap; the rest of each row is then in cache.
        for candidate in 0..<rows.count where rows[candidate] >= 0 {
            target[candidate * width] = first[Int(rows[candidate]) * rowWidth]
        }
        if rest > 0 {
            for candidate in 0..<rows.count where rows[candidate] >= 0 {
                let from = first + Int(rows[candidate]) * rowWidth + 1
                let to = target + candidate * width + 1
                for k in 0..<rest { to[k] = from[k] }
            }
        }
        guard let fill = segment.fill else { return }
        for candidate in 0..<rows.count {
            let to = target + candidate * width
            for k in 0..<segment.width where to[k].isNaN { to[k] = fill }
        }
    }

    /// The buffers as the model's named inputs (`Session.run` lends them to ORT without copying).
    var namedInputs: [(name: String, values: [Float], shape: [Int64])] {
        zip(plan.inputs, buffers).map { planned, values in
            (planned.name, values, planned.isVector ? [Int64(count)] : [Int64(count), Int64(planned.width)])
        }
    }

    /// What candidate `index` was fed, by feature name, across all inputs.
    func features(of index: Int) -> [(name: String, value: Float)] {
        var result: [(name: String, value: Float)] = []
        for (slot, planned) in plan.inputs.enumerated() {
            let row = buffers[slot][(index * planned.width)..<((index + 1) * planned.width)]
            result += zip(planned.featureNames, row).map { ($0, $1) }
        }
        return result
    }
}
