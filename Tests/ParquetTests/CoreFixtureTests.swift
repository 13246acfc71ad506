import Foundation
import Testing
@testable import Parquet

/// Files written by pyarrow (scripts/fixtures/make_core_fixtures.py, uncompressed) whose values
/// follow formulas recomputed here: v2 pages, lists, every non-dictionary encoding, dictionary
/// fallback, logical types and a Spark-style dataset directory.
@Suite struct CoreFixtureTests {
    static func path(_ name: String) -> String { TestPaths.fixture("core/\(name)") }

    static func column(_ t: ParquetTable, _ name: String) throws -> ParquetColumn {
        try #require(t.column(named: name), "column \(name)")
    }

    /// Mirrors `emb(i)` in the generator.
    static func expectedEmbedding(_ i: Int) -> [Float?]? {
        if i % 7 == 3 { return nil }
        if i % 11 == 5 { return [] }
        return [Float(i), Float(i) + 0.5, i % 13 == 0 ? nil : Float(i) + 0.25]
    }

    static func expectedName(_ i: Int) -> String? { i % 5 == 0 ? nil : "n\(i % 37)" }

    @Test func dataPageV2ListsOfFloatsWithNullsAcrossRowGroupsAndPages() throws {
        let table = try ParquetFile(path: Self.path("v2_lists.parquet")).readColumns(["emb", "id"])
        #expect(table.numRows == 1000)
        let emb = try #require(table.column(named: "emb"))
        #expect(emb.descriptor.isList && emb.descriptor.elementNullable)
        let offsets = try #require(emb.listOffsets)
        guard case let .float(items) = emb.values else { Issue.record("not FLOAT"); return }
        for i in 0..<1000 {
            let expected = Self.expectedEmbedding(i)
            if emb.isNull(row: i) { #expect(expected == nil, "row \(i)"); continue }
            let got: [Float?] = (Int(offsets[i])..<Int(offsets[i + 1])).map { s in
                emb.elementValidity.map { $0[s] } ?? true ? items[s] : nil
            }
            #expect(got == expected, "row \(i)")
        }
        guard case let .int64(ids)? = table.column(named: "id")?.values else { Issue.record("id"); return }
        #expect(ids == (0..<1000).map(Int64.init))
    }

    @Test func dictionaryEncodedStringsWithNullsInV2Pages() throws {
        let column = try #require(try ParquetFile(path: Self.path("v2_lists.parquet")).readColumns(["name"]).columns.first)
        #expect(try column.strings(nullAs: "<null>") == (0..<1000).map { Self.expectedName($0) ?? "<null>" })
    }

    @Test(arguments: ["encodings_v1.parquet", "encodings_v2.parquet"])
    func deltaByteStreamSplitAndRleEncodings(file: String) throws {
        let t = try ParquetFile(path: Self.path(file)).readColumns()
        let ints: [Int?] = (0..<1000).map { $0 % 9 == 4 ? nil : ($0 * 7919) % 100003 - 50000 }
        #expect(try Self.column(t, "delta_i32").strings(nullAs: "-") == ints.map { $0.map(String.init) ?? "-" })
        #expect(try Self.column(t, "delta_i64").strings(nullAs: "-") == ints.map { $0.map { String($0 * 1_000_000_007) } ?? "-" })
        let dba = (0..<1000).map { i in Self.expectedName(i).map { "prefix-\(TemporalFormatting.pad(Int64(i / 10), 4))-\($0)" } ?? "-" }
        #expect(try Self.column(t, "dba").strings(nullAs: "-") == dba)
        #expect(try Self.column(t, "dlba").strings(nullAs: "-") == (0..<1000).map { Self.expectedName($0) ?? "-" })
        let f = try Self.column(t, "bss_f").floats()
        for i in 0..<1000 {
            if i % 6 == 1 { #expect(f[i].isNaN) } else { #expect(f[i] == Float(i) / 8) }
        }
        guard case let .double(d)? = t.column(named: "bss_d")?.values else { Issue.record("bss_d"); return }
        #expect(d == (0..<1000).map { Double($0) / 3 })
        let b = try #require(t.column(named: "rle_b"))
        guard case let .boolean(bools) = b.values else { Issue.record("rle_b"); return }
        for i in 0..<1000 {
            #expect(b.isNull(row: i) == (i % 10 == 9))
            if i % 10 != 9 { #expect(bools[i] == (i % 3 == 0)) }
        }
    }

    @Test func dictionaryThatFallsBackToPlainMidChunk() throws {
        let file = try ParquetFile(path: Self.path("dict_fallback.parquet"))
        #expect(file.rowGroups[0].columns[0].encodings.contains(.plain))
        let column = try #require(try file.readColumns().columns.first)
        #expect(try column.strings(nullAs: "") == (0..<6000).map { "value-" + TemporalFormatting.pad(Int64($0), 6) })
    }

    @Test func logicalTypesPrintAsDocumented() {
        let lines = catLines(Self.path("logical_types.parquet")).lines
        #expect(lines.count == 5)
        #expect(lines.first == #"{"u8":0,"u32":0,"u64":0,"i8":-128,"date":"1970-01-01","ts_ms":"1970-01-01T00:00:00","ts_us":"1970-01-01T00:00:00","ts_ns":"1970-01-01T00:00:00","t_ms":"00:00:00","t_us":"00:00:00","dec":"12.30","f16":1.5,"bin":"","text":""}"#)
        #expect(lines.dropFirst().first == #"{"u8":1,"u32":1,"u64":1,"i8":-1,"date":"1969-12-31","ts_ms":"1969-12-31T23:59:59.999000","ts_us":"1969-12-31T23:59:59.999999","ts_ns":"1969-12-31T23:59:59.999999","t_ms":"00:00:00.001000","t_us":"00:00:00.000001","dec":"-0.50","f16":-0.0,"bin":"AP8=","text":"quote\"back\\slash"}"#)
        #expect(lines.dropFirst(2).first == #"{"u8":200,"u32":4000000000,"u64":18000000000000000000,"i8":0,"date":"2024-02-29","ts_ms":"2023-11-14T22:13:20.123000","ts_us":"2023-11-14T22:13:20.123456","ts_ns":"2023-11-14T22:13:20.123456","t_ms":"12:34:56.789000","t_us":"12:34:56.789012","dec":"0.00","f16":65504.0,"bin":"YWJj","text":"tab\tnl\n\u0001"}"#)
        #expect(lines.dropFirst(3).first == #"{"u8":255,"u32":7,"u64":7,"i8":127,"date":"0001-01-01","ts_ms":"1970-01-02T00:00:00","ts_us":"1970-01-01T00:00:00.000001","ts_ns":"1970-01-01T00:00:00","t_ms":"23:59:59.999000","t_us":"23:59:59.999999","dec":"-99999999999999999999999999999999.99","f16":"Infinity","bin":"Cg==","text":"é✓😀"}"#)
        #expect(lines.last == #"{"u8":null,"u32":null,"u64":null,"i8":null,"date":null,"ts_ms":null,"ts_us":null,"ts_ns":null,"t_ms":null,"t_us":null,"dec":null,"f16":null,"bin":null,"text":null}"#)
    }

    @Test func sparkStyleDirectoryReadsAsOneTable() throws {
        let dataset = try ParquetDataset(path: Self.path("dataset"))
        #expect(dataset.files.count == 2)
        let table = try dataset.read(columns: ["score", "key"])
        #expect(table.numRows == 200)
        #expect(table.columns.map(\.name) == ["score", "key"])
        #expect(try table.columns[0].floats() == (0..<200).map { Float($0) / 4 })
        #expect(try table.columns[1].strings(nullAs: "") == (0..<200).map { "k\($0)" })
        let cat = catLines(Self.path("dataset"), columns: ["key"]).lines
        #expect(cat.count == 200 && cat.last == #"{"key":"k199"}"#)
    }

    @Test func projectionReadsOnlyTheAskedColumnsAndNamesUnknownOnes() throws {
        let file = try ParquetFile(path: Self.path("v2_lists.parquet"))
        #expect(try file.readColumns(["name"]).columns.map(\.name) == ["name"])
        do {
            _ = try file.readColumns(["nope"])
            Issue.record("unknown column accepted")
        } catch {
            #expect(error.message.contains("'nope'"))
        }
        let limited = runTool(["cat", Self.path("v2_lists.parquet"), "--columns", "id", "--limit", "2"])
        #expect(limited.status == 0 && limited.out == "{\"id\":0}\n{\"id\":1}\n")
    }

    @Test func schemaCommandShowsTypesCodecsAndEncodings() {
        let r = runTool(["schema", Self.path("v2_lists.parquet")])
        #expect(r.status == 0)
        #expect(r.out.contains("optional group emb (LIST)"))
        #expect(r.out.contains("optional FLOAT element;"))
        #expect(r.out.contains("row groups: 3"))
        #expect(r.out.contains("UNCOMPRESSED"))
        #expect(r.out.contains("RLE_DICTIONARY"))
        let bad = runTool(["cat", "/nonexistent/x.parquet"])
        #expect(bad.status == 1 && bad.err.contains("/nonexistent/x.parquet"))
    }

    /// A wrong command line exits 2 naming the mistake (a file that cannot be read exits 1):
    /// a repeated or empty column name printed objects with repeated or missing keys.
    @Test(arguments: [
        (["cat", "F", "--columns", "id,id"], "--columns names 'id' twice"),
        (["cat", "F", "--columns", ""], "--columns has an empty column name"),
        (["cat", "F", "--columns", "id,"], "--columns has an empty column name"),
        (["schema", "F", "--limit", "2"], "unknown option --limit for schema"),
        (["cat", "F", "--limit", "-1"], "--limit needs a non-negative integer, got '-1'"),
        (["cat", "F", "F"], "expected one PATH, got 2"),
        (["cat"], "expected a PATH"),
        (["dump", "F"], "unknown command 'dump'"),
        ([], "usage: rankd parquet"),
    ])
    func commandLineMistakesExit2(arguments: [String], message: String) {
        let r = runTool(arguments.map { $0 == "F" ? Self.path("v2_lists.parquet") : $0 })
        #expect(r.status == 2 && r.err.contains(message), "\(r.err)")
    }

    /// Two top-level columns named "price" (pyarrow wrote them): reading by name would give
    /// the first one's values for both, so the name is refused; the other columns still read.
    @Test func aNameTwoColumnsShareIsRefused() {
        let path = TestPaths.repoRoot.appendingPathComponent("Tests/RankingTests/Fixtures/tables/repeated_column.parquet").path
        let all = runTool(["cat", path])
        #expect(all.status == 1 && all.err.contains("2 columns are named 'price'"), "\(all.err)")
        let rating = runTool(["cat", path, "--columns", "product_id,rating"])
        #expect(rating.status == 0 && rating.out.hasPrefix(#"{"product_id":"P1","rating":4.0}"#), "\(rating.out)")
    }

    @Test func optionsTakeInlineValues() {
        let r = runTool(["cat", Self.path("v2_lists.parquet"), "--columns=id", "--limit=1"])
        #expect(r.status == 0 && r.out == "{\"id\":0}\n")
    }
}
