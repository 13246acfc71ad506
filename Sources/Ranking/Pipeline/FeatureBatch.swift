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
        var rows = [[Int32]](repeating: [], count: snapshot.tables.count)
        let lookup = KeyLookup(input: input, needsQuery: plan.tables.contains { snapshot.keySources[$0].contains(.query) })
        for table in plan.tables {
            rows[table] = lookup.rows(in: snapshot.tables[table], sources: snapshot.keySources[table], count: count)
            missing[table] = rows[table].lazy.filter { $0 < 0 }.count
        }
        for (slot, planned) in plan.inputs.enumerated() {
            fill(slot, planned, rows: rows, tables: snapshot.tables, context: input.context)
        }
        return missing
    }

    private mutating func fill(_ slot: Int, _ planned: FeaturePlan.Input, rows: [[Int32]], tables: [FeatureTable],
                               context: [String: Float]) {
        let width = planned.width
        let count = self.count
        buffers[slot].withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            for segment in planned.segments {
                let table = tables[segment.table]
                table.values.withUnsafeBufferPointer { values in
                    guard let source = values.baseAddress else { return }
                    for candidate in 0..<count {
                        let target = base + candidate * width + segment.target
                        let row = Int(rows[segment.table][candidate])
                        if row >= 0 {
                            target.update(from: source + row * table.width + segment.source, count: segment.width)
                        }
                        if let fill = segment.fill {
                            for k in 0..<segment.width where target[k].isNaN { target[k] = fill }
                        }
                    }
                }
            }
            for slot in planned.context {
                let value = context[slot.name] ?? slot.fill
                for candidate in 0..<count { base[candidate * width + slot.target] = value }
            }
        }
    }

    /// Lends the buffers to ORT as zero-copy tensors for the duration of `body`.
    func withInputTensors<R>(_ body: ([InputTensor]) throws(OrtError) -> R) throws(OrtError) -> R {
        try withTensors(from: 0, [], body)
    }

    private func withTensors<R>(from slot: Int, _ done: [InputTensor],
                                _ body: ([InputTensor]) throws(OrtError) -> R) throws(OrtError) -> R {
        guard slot < buffers.count else { return try body(done) }
        let planned = plan.inputs[slot]
        let shape: [Int64] = planned.isVector ? [Int64(count)] : [Int64(count), Int64(planned.width)]
        return try buffers[slot].withUnsafeBufferPointer { (buffer) throws(OrtError) -> R in
            let tensor = InputTensor(name: planned.name, shape: shape, data: buffer)
            return try withTensors(from: slot + 1, done + [tensor], body)
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

/// Builds lookup keys from a request: composes each table's key columns from the candidate id,
/// the normalised query and the user id.
struct KeyLookup {
    let candidates: [String]
    let query: String
    let user: String?

    init(input: RankInput, needsQuery: Bool) {
        candidates = input.candidates
        query = needsQuery ? QueryNormalizer.normalize(input.query) : input.query
        user = input.userID
    }

    /// Row per candidate (-1 = missing). Tables keyed without the candidate are looked up once.
    func rows(in table: FeatureTable, sources: [KeySource], count: Int) -> [Int32] {
        guard sources.contains(.candidate) else {
            let row = lookupOne(table, sources: sources)
            return [Int32](repeating: row, count: count)
        }
        if sources.contains(.user), user == nil { return [Int32](repeating: -1, count: count) }
        var rows: [Int32] = []
        table.index.rows(for: keys(sources), into: &rows)
        return rows
    }

    /// Every candidate's key for a table, packed into one buffer (no allocation per candidate).
    private func keys(_ sources: [KeySource]) -> PackedKeys {
        var packed = PackedKeys()
        packed.reserve(rows: candidates.count, bytes: candidates.count * (16 + (sources.count > 1 ? query.utf8.count + 2 : 0)))
        if sources.count == 1 {
            for candidate in candidates { packed.append(candidate) }
            return packed
        }
        let fixed = sources.map { source -> [UInt8] in
            switch source {
            case .candidate: []
            case .query: Array(query.utf8)
            case .user: Array((user ?? "").utf8)
            }
        }
        for candidate in candidates {
            for (index, source) in sources.enumerated() {
                let prefixed = index < sources.count - 1
                if source == .candidate {
                    packed.appendPart(candidate.utf8, lengthPrefixed: prefixed)
                } else {
                    packed.appendPart(fixed[index], lengthPrefixed: prefixed)
                }
            }
            packed.endKey()
        }
        return packed
    }

    private func lookupOne(_ table: FeatureTable, sources: [KeySource]) -> Int32 {
        var parts: [String] = []
        for source in sources {
            switch source {
            case .candidate: parts.append("")
            case .query: parts.append(query)
            case .user:
                guard let user else { return -1 }
                parts.append(user)
            }
        }
        let key = sources.count == 1 ? Array(parts[0].utf8) : KeyEncoding.compose(parts)
        return key.withUnsafeBytes { table.index.row(for: $0) }.map { Int32($0) } ?? -1
    }
}
