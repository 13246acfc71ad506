import Foundation
import Testing
@testable import Parquet
@testable import Ranking

@Suite struct QueryNormalizerTests {
    @Test(arguments: [
        ("Wireless  Headphones ", "wireless headphones"),
        ("\t USB-C\ncable\r\n", "usb-c cable"),
        ("", ""),
        ("   ", ""),
        ("ÉCOUTEURS Sans\u{00A0}Fil", "écouteurs sans fil"),
        ("Straße", "straße"),
        ("ΣΟΦΙΑ", "σοφια"),
        // Final_Sigma, as Python's str.lower and Java's toLowerCase (Spark) apply it.
        ("ΟΔΟΣ", "οδος"),
        ("ΟΔΟΣ ΣΟΦΙΑΣ", "οδος σοφιας"),
        ("ΟΔΟΣ.", "οδος."),
        ("Σ", "σ"),
        ("ΑΣ\u{0301}Β", "ασ\u{0301}β"),
        ("İstanbul", "i\u{0307}stanbul"),
        // A combining mark or joiner after a space is kept: the space alone is whitespace.
        ("power \u{0301}bank", "power \u{0301}bank"),
        ("power \u{200D}bank", "power \u{200D}bank"),
        ("power\u{00A0}\u{0308}bank", "power \u{0308}bank"),
        ("\u{3000}Ünïcode\u{2003}\u{2003}query\u{0085}", "ünïcode query"),
        ("zero\u{200B}width", "zero\u{200B}width"),
    ])
    func normalizes(input: String, expected: String) {
        #expect(QueryNormalizer.normalize(input) == expected)
    }

    @Test func asciiFastPathAgreesWithUnicodePath() {
        let samples = ["A b\tC", "  x  ", "MiXeD Case 123", "a\u{0B}b\u{0C}c"]
        for sample in samples {
            let viaUnicode = QueryNormalizer.normalize(sample + "é").dropLast()
            #expect(QueryNormalizer.normalize(sample) == String(viaUnicode).trimmingCharacters(in: .whitespaces))
        }
    }
}

@Suite struct KeyIndexTests {
    func packed(_ keys: [String]) -> PackedKeys {
        var packed = PackedKeys()
        keys.forEach { packed.append($0) }
        return packed
    }

    @Test func findsEveryKeyAndNothingElse() throws {
        let keys = (0..<5000).map { "P\($0)" }
        let index = try KeyIndex(keys: packed(keys))
        for (row, key) in keys.enumerated() { #expect(index.row(for: key) == row) }
        #expect(index.row(for: "P5000") == nil)
        #expect(index.row(for: "") == nil)
        #expect(index.row(for: "p1") == nil)
    }

    @Test func batchLookupAgreesWithSingleLookups() throws {
        let keys = (0..<20_000).map { "key-\($0 * 7)" }
        let index = try KeyIndex(keys: packed(keys))
        let probes = (0..<3_000).map { "key-\($0 * 5)" } + ["", "zzz", "key-0"]
        var rows: [Int32] = []
        index.rows(for: packed(probes), into: &rows)
        #expect(rows.count == probes.count)
        for (probe, row) in zip(probes, rows) {
            #expect(row == index.row(for: probe).map { Int32($0) } ?? -1, "\(probe)")
        }
        #expect(rows.filter { $0 >= 0 }.count > 400)
    }

    @Test func duplicateKeysAreRefusedWithBothRows() {
        #expect(throws: KeyIndexError.duplicateKey(key: "b", firstRow: 1, secondRow: 3)) {
            _ = try KeyIndex(keys: packed(["a", "b", "c", "b"]))
        }
    }

    @Test func emptyTableAndEmptyKey() throws {
        let empty = try KeyIndex(keys: PackedKeys())
        #expect(empty.row(for: "x") == nil)
        let withEmpty = try KeyIndex(keys: packed(["", "a"]))
        #expect(withEmpty.row(for: "") == 0)
    }

    @Test func compositeKeysDoNotCollideAcrossBoundaries() throws {
        let a = KeyEncoding.compose(["ab", "c"])
        let b = KeyEncoding.compose(["a", "bc"])
        #expect(a != b)
        var keys = PackedKeys()
        a.withUnsafeBytes { keys.append($0) }
        b.withUnsafeBytes { keys.append($0) }
        let index = try KeyIndex(keys: keys)
        #expect(b.withUnsafeBytes { index.row(for: $0) } == 1)
    }

    @Test func memoryStaysNearRawBytes() throws {
        let keys = (0..<100_000).map { String(format: "P%06d", $0) }
        let index = try KeyIndex(keys: packed(keys))
        let raw = keys.reduce(0) { $0 + $1.utf8.count }
        // per entry a 4-byte row and a length byte, per row 8/0.7 bytes of slots
        #expect(index.memoryBytes < raw + 100_000 * 17)
    }
}

/// Two-part keys (query, product): rows grouped by query, products looked up within a group.
@Suite struct GroupedKeyIndexTests {
    /// (query, product) pairs in a scrambled order, so grouping has to reorder them.
    static let pairs: [(String, String)] = {
        var pairs: [(String, String)] = []
        for q in 0..<40 { for p in 0..<(q % 7 + 1) * 9 { pairs.append(("query \(q)", "P\(p * 13 + q)")) } }
        var generator = SystemRandomNumberGenerator()
        pairs.shuffle(using: &generator)
        return pairs
    }()

    func packed(_ pairs: [(String, String)]) -> PackedKeys {
        var keys = PackedKeys()
        for (query, product) in pairs {
            keys.appendPart(query.utf8, lengthPrefixed: true)
            keys.appendPart(product.utf8, lengthPrefixed: false)
            keys.endKey()
        }
        return keys
    }

    @Test func wholeKeyAndGroupLookupsAgreeWithTheRows() throws {
        let pairs = Self.pairs
        let index = try KeyIndex(keys: packed(pairs), parts: 2)
        for (row, pair) in pairs.enumerated() {
            #expect(KeyEncoding.compose([pair.0, pair.1]).withUnsafeBytes { index.row(for: $0) } == row)
        }
        #expect(KeyEncoding.compose(["query 1", "P0"]).withUnsafeBytes { index.row(for: $0) } == nil)
        #expect(KeyEncoding.compose(["no such query", "P1"]).withUnsafeBytes { index.row(for: $0) } == nil)
        // Through the group: one prefix lookup, then every product of the request at once.
        var prefix = PackedKeys()
        prefix.appendPart("query 3".utf8, lengthPrefixed: true)
        prefix.endKey()
        let group = try #require(prefix.bytes.withUnsafeBytes { index.group(ofPrefix: $0) })
        var probes = PackedKeys()
        let products = (0..<60).map { "P\($0 * 13 + 3)" } + ["P3x", "", "P4"]
        products.forEach { probes.append($0) }
        var rows = [Int32](repeating: 7, count: products.count)
        rows.withUnsafeMutableBufferPointer { index.rows(inGroup: group, lastParts: HashedKeys(probes), into: $0) }
        for (product, row) in zip(products, rows) {
            let expected = pairs.firstIndex { $0 == ("query 3", product) }.map { Int32($0) } ?? -1
            #expect(row == expected, "\(product)")
        }
        #expect(rows.filter { $0 >= 0 }.count == 36)
    }

    @Test func groupedOrderPutsEachQueryTogetherAndKeepsFileOrderWithin() throws {
        let keys = packed(Self.pairs)
        let order = try #require(KeyGroups(keys, parts: 2).contiguousOrder())
        #expect(order.sorted() == Array(0..<Self.pairs.count))
        let queries = order.map { Self.pairs[$0].0 }
        var seen: [String] = []
        for query in queries where query != seen.last {
            #expect(!seen.contains(query), "\(query) appears in two runs")
            seen.append(query)
        }
        for query in seen {
            let rows = order.filter { Self.pairs[$0].0 == query }
            #expect(rows == rows.sorted())
        }
        #expect(KeyGroups(keys.reordered(order), parts: 2).contiguousOrder() == nil)
        #expect(KeyGroups(keys, parts: 1).contiguousOrder() == nil)
        // Reordering the split gives the split of the reordered keys.
        let reordered = KeyGroups(keys, parts: 2).reordered(order), direct = KeyGroups(keys.reordered(order), parts: 2)
        #expect(reordered.groupOf == direct.groupOf && reordered.lastParts.bytes == direct.lastParts.bytes)
        #expect(reordered.prefixes.bytes == direct.prefixes.bytes)
    }

    @Test func duplicatePairsAreRefusedWithFileRows() {
        let pairs = [("a", "1"), ("b", "1"), ("a", "2"), ("b", "2"), ("a", "1")]
        #expect(throws: KeyIndexError.self) { _ = try KeyIndex(keys: packed(pairs), parts: 2) }
        do {
            _ = try FeatureTable(name: "qp", keyColumns: ["query", "product_id"], keys: packed(pairs),
                                 columns: [], snapshot: SnapshotInfo(id: "s", dataPath: "/x", modified: Date(), loadedAt: Date()))
            Issue.record("expected a duplicate-key error")
        } catch {
            #expect(error.description.contains("'a' | '1' appears in rows 0 and 4"), "\(error.description)")
        }
    }

    @Test func malformedPrefixesAreWholeKeys() {
        func cut(_ bytes: [UInt8], _ parts: Int) -> Int { bytes.withUnsafeBytes { KeyIndex.prefixLength($0, parts: parts) } }
        #expect(cut([0x05, 0x61], 2) == 2)  // a length past the end
        #expect(cut([0xFF, 0xFF], 2) == 2)  // an unterminated varint
        #expect(cut([0x01, 0x61, 0x62], 2) == 2)
        #expect(cut([0x61], 1) == 0)
    }

    @Test func reorderedTableRowsKeepTheirFeatures() throws {
        let pairs = Self.pairs
        let values = pairs.indices.map { Float($0) }
        let table = try FeatureTable(name: "qp", keyColumns: ["query", "product_id"], keys: packed(pairs), columns: [
            (name: "file_row", width: 1, sourceType: "FLOAT", values: values),
            (name: "pair", width: 2, sourceType: "LIST<FLOAT>", values: values.flatMap { [$0, -$0] }),
        ], snapshot: SnapshotInfo(id: "s", dataPath: "/x", modified: Date(), loadedAt: Date()))
        for (fileRow, pair) in pairs.enumerated() {
            let row = try #require(KeyEncoding.compose([pair.0, pair.1]).withUnsafeBytes { table.index.row(for: $0) })
            #expect(table.withRow(row) { Array($0) } == [Float(fileRow), Float(fileRow), -Float(fileRow)])
        }
    }
}

@Suite struct FeatureTableTests {
    func snapshot() -> SnapshotInfo {
        SnapshotInfo(id: "s1", dataPath: "/x", modified: Date(), loadedAt: Date())
    }

    @Test func rowsAreRowMajorAcrossScalarAndVectorColumns() throws {
        var keys = PackedKeys()
        ["a", "b"].forEach { keys.append($0) }
        let table = try FeatureTable(name: "t", keyColumns: ["id"], keys: keys, columns: [
            (name: "x", width: 1, sourceType: "FLOAT", values: [1, 2]),
            (name: "v", width: 3, sourceType: "LIST<FLOAT>", values: [10, 11, 12, 20, 21, 22]),
            (name: "y", width: 1, sourceType: "DOUBLE", values: [.nan, 4]),
        ], snapshot: snapshot())
        #expect(table.width == 5)
        #expect(table.column(named: "v") == FeatureColumn(name: "v", offset: 1, width: 3, sourceType: "LIST<FLOAT>"))
        let row = try #require(table.index.row(for: "b"))
        #expect(table.withRow(row) { Array($0) } == [2, 20, 21, 22, 4])
        #expect(table.withRow(0) { $0[4].isNaN })
    }

    @Test func mismatchedColumnLengthIsAnError() {
        var keys = PackedKeys()
        keys.append("a")
        #expect(throws: FeatureTableError.self) {
            _ = try FeatureTable(name: "t", keyColumns: ["id"], keys: keys,
                                 columns: [(name: "x", width: 1, sourceType: "FLOAT", values: [1, 2])], snapshot: snapshot())
        }
    }

    @Test func duplicateKeyMessageNamesTableKeyAndRows() {
        var keys = PackedKeys()
        ["q1", "q1"].forEach { keys.append(KeyEncoding.compose([$0, "P1"]).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }) }
        do {
            _ = try FeatureTable(name: "query_product", keyColumns: ["query", "product_id"], keys: keys, columns: [], snapshot: snapshot())
            Issue.record("expected a duplicate-key error")
        } catch {
            #expect(error.description.contains("query_product"))
            #expect(error.description.contains("'q1' | 'P1'"))
            #expect(error.description.contains("rows 0 and 1"))
        }
    }
}


@Suite struct KeyColumnTests {
    func column(_ values: ColumnValues, physical: ParquetPhysicalType, logical: ParquetLogicalType?) -> ParquetColumn {
        let descriptor = ColumnDescriptor(
            name: "id", path: ["id"], physicalType: physical, logicalType: logical, typeLength: 0,
            repetition: .required, isList: false, elementNullable: false, maxDefinitionLevel: 0,
            maxRepetitionLevel: 0, leafIndex: 0, listPresentDefinition: 0, elementDefinition: 0)
        return ParquetColumn(descriptor: descriptor, values: values, validity: nil, listOffsets: nil, elementValidity: nil)
    }

    /// Integer keys match requests by decimal text, so unsigned columns must print unsigned.
    @Test func integerKeysAreDecimalTextIncludingUnsigned() throws {
        let unsigned = try KeyColumn(column(.int32([-1, 7]), physical: .int32, logical: .integer(bitWidth: 32, signed: false)), normalizeQuery: false)
        #expect(unsigned.text(0) == "4294967295")
        #expect(unsigned.text(1) == "7")
        let signed = try KeyColumn(column(.int64([-3]), physical: .int64, logical: nil), normalizeQuery: false)
        #expect(signed.text(0) == "-3")
    }
}

/// Rows for a request's candidates by every shape of key binding: the query group then the
/// candidates (what configurations produce), the request alone (a user table), and the
/// candidate bound to a leading column (possible through the API, never from a configuration).
@Suite struct KeyLookupTests {
    func table(_ columns: [String], _ keys: [[String]]) throws -> FeatureTable {
        var packed = PackedKeys()
        for parts in keys {
            for (index, part) in parts.enumerated() { packed.appendPart(part.utf8, lengthPrefixed: index < parts.count - 1) }
            packed.endKey()
        }
        return try FeatureTable(name: "t", keyColumns: columns, keys: packed,
                                columns: [(name: "x", width: 1, sourceType: "FLOAT", values: keys.indices.map { Float($0) })],
                                snapshot: SnapshotInfo(id: "s", dataPath: "/x", modified: Date(), loadedAt: Date()))
    }

    func rows(_ table: FeatureTable, _ sources: [KeySource], _ input: RankInput) -> [Float?] {
        var rows = [Int32](repeating: 99, count: input.candidates.count)
        rows.withUnsafeMutableBufferPointer { KeyLookup(input: input, needsQuery: true).rows(in: table, sources: sources, into: $0) }
        return rows.map { $0 < 0 ? nil : table.withRow(Int($0)) { $0[0] } }
    }

    let input = RankInput(query: "  Red  Shoes", candidates: ["P1", "P2", "P3"], userID: "u7")

    @Test func queryGroupThenCandidates() throws {
        let qp = try table(["query", "product_id"], [["red shoes", "P3"], ["blue", "P1"], ["red shoes", "P1"], ["red", "P2"]])
        #expect(rows(qp, [.query, .candidate], input) == [2, nil, 0])
        #expect(rows(qp, [.query, .candidate], RankInput(query: "green", candidates: ["P1"])) == [nil])
    }

    @Test func candidateInALeadingColumn() throws {
        let pq = try table(["product_id", "query"], [["P3", "red shoes"], ["P1", "blue"], ["P1", "red shoes"], ["P2", "red"]])
        #expect(rows(pq, [.candidate, .query], input) == [2, nil, 0])
    }

    @Test func requestOnlyKeysServeEveryCandidate() throws {
        let users = try table(["user_id"], [["u1"], ["u7"]])
        #expect(rows(users, [.user], input) == [1, 1, 1])
        #expect(rows(users, [.user], RankInput(query: "q", candidates: ["P1", "P2"])) == [nil, nil])
        let userQuery = try table(["query", "user_id"], [["red shoes", "u7"]])
        #expect(rows(userQuery, [.query, .user], input) == [0, 0, 0])
    }
}

/// Tables loaded from files pyarrow wrote (Fixtures/tables/make_tables.py): ambiguous column
/// names, null keys, an empty file.
@Suite struct TableLoaderTests {
    static func load(_ file: String) throws -> FeatureTable {
        let path = SampleBundle.fixtures.appendingPathComponent("tables/\(file)").path
        let config = TableConfig(name: "product", path: path, key: [(column: "product_id", source: .candidate)])
        return try FeatureTableLoader.load(config, snapshot: SnapshotLocator.resolve(path, table: "product"))
    }

    /// Two columns named "price": reading the first one silently is how a feature goes stale.
    @Test func aRepeatedColumnNameIsLeftOutWithTheReason() throws {
        let table = try Self.load("repeated_column.parquet")
        #expect(table.columns.map(\.name) == ["rating"])
        #expect(table.skippedColumns["price"] == "appears 2 times in the data, so the name is ambiguous")
        #expect { try Self.load("repeated_key_column.parquet") } throws: { error in
            "\(error)".hasPrefix("table product: ") && "\(error)".hasSuffix("key column product_id appears 2 times in the data")
        }
    }

    @Test func aFloatKeyColumnIsRefusedNamingTheTable() {
        let path = SampleBundle.fixtures.appendingPathComponent("tables/repeated_column.parquet").path
        let config = TableConfig(name: "product", path: path, key: [(column: "rating", source: .candidate)])
        #expect { try FeatureTableLoader.load(config, snapshot: SnapshotLocator.resolve(path, table: "product")) } throws: { error in
            "\(error)".hasSuffix("table product: key column rating is FLOAT; keys must be strings or integers")
        }
    }

    @Test func nullKeyRowsAreCountedNotLostSilently() throws {
        let table = try Self.load("null_key.parquet")
        #expect(table.rowCount == 3 && table.nullKeyRows == 1)
        #expect(try Self.load("empty.parquet").nullKeyRows == 0)
    }
}
