/// Finds each candidate's row in the tables a request reads. Candidate ids are packed and
/// hashed once per request and shared by every table keyed by the candidate; the request-constant
/// parts of a key (query, user) are composed once, and `KeyIndex` finds the rows sharing them
/// before the candidates are looked up among those rows only.
struct KeyLookup {
    let candidates: HashedKeys
    let query: String
    let user: String?

    init(input: RankInput, needsQuery: Bool) {
        candidates = HashedKeys(input.candidates)
        query = needsQuery ? QueryNormalizer.normalize(input.query) : input.query
        user = input.userID
    }

    /// `rows[i]` = candidate `i`'s row in `table` (-1 = missing). `sources` are the table's key
    /// columns' bindings in composed order.
    func rows(in table: FeatureTable, sources: [KeySource], into rows: UnsafeMutableBufferPointer<Int32>) {
        guard !(sources.contains(.user) && user == nil), let last = sources.last else {
            rows.update(repeating: -1)
            return
        }
        let leading = sources.dropLast()
        if last == .candidate, !leading.contains(.candidate) {
            let group = KeyEncoding.withComposed(leading.lazy.map(value), prefixingLast: true) { table.index.group(ofPrefix: $0) }
            guard let group else {
                rows.update(repeating: -1)
                return
            }
            table.index.rows(inGroup: group, lastParts: candidates, into: rows)
        } else if !sources.contains(.candidate) {
            // Keyed by the request alone (a user table): one lookup serves every candidate.
            let row = KeyEncoding.withComposed(sources.lazy.map(value), prefixingLast: false) { table.index.row(for: $0) }
            rows.update(repeating: row.map { Int32($0) } ?? -1)
        } else {
            // The candidate bound to a leading column (a configuration always puts it last):
            // each candidate's whole key, through the index's whole-key lookup.
            var keys = PackedKeys()
            for i in 0..<candidates.count {
                let id = candidates.keys.bytes[candidates.keys.offsets[i]..<candidates.keys.offsets[i + 1]]
                for (index, source) in sources.enumerated() {
                    let part = source == .candidate ? Array(id) : Array(value(source).utf8)
                    keys.appendPart(part, lengthPrefixed: index < sources.count - 1)
                }
                keys.endKey()
            }
            var found: [Int32] = []
            table.index.rows(for: keys, into: &found)
            _ = rows.update(fromContentsOf: found)
        }
    }

    private func value(_ source: KeySource) -> String {
        switch source {
        case .candidate: return ""
        case .query: return query
        case .user: return user ?? ""
        }
    }
}
