import Foundation
import Testing
@testable import Parquet

/// apache/parquet-testing files with documented or companion expected values.
@Suite struct ConformanceTests {
    @Test func alltypesPlainMatchesTheKnownValues() throws {
        let table = try ParquetFile(path: TestPaths.data("alltypes_plain.parquet")).readColumns()
        #expect(table.numRows == 8)
        guard case let .int32(ids)? = table.column(named: "id")?.values else { Issue.record("id"); return }
        #expect(ids == [4, 5, 6, 7, 2, 3, 0, 1])
        guard case let .boolean(bools)? = table.column(named: "bool_col")?.values else { Issue.record("bool"); return }
        #expect(bools == [true, false, true, false, true, false, true, false])
        guard case let .float(floats)? = table.column(named: "float_col")?.values else { Issue.record("float"); return }
        #expect(floats == [0, 1.1, 0, 1.1, 0, 1.1, 0, 1.1])
        guard case let .int96(ts)? = table.column(named: "timestamp_col")?.values else { Issue.record("int96"); return }
        #expect(TemporalFormatting.timestamp(micros: ts[0].microsecondsSinceEpoch) == "2009-03-01T00:00:00")
        let lines = catLines(TestPaths.data("alltypes_plain.parquet"), columns: ["date_string_col", "double_col"]).lines
        #expect(lines.first == #"{"date_string_col":"MDMvMDEvMDk=","double_col":0.0}"#)
        #expect(lines.count == 8)
    }

    @Test func plainAndDictionaryAlltypesAgree() throws {
        let dict = catLines(TestPaths.data("alltypes_dictionary.parquet")).lines
        let plain = catLines(TestPaths.data("alltypes_plain.parquet")).lines
        #expect(dict.count == 2)
        #expect(Set(dict).isSubset(of: Set(plain)))
    }

    @Test(arguments: ["delta_binary_packed", "delta_byte_array", "delta_encoding_required_column"])
    func deltaFilesMatchTheirExpectCSV(name: String) throws {
        let csv = try readCSV(TestPaths.data("\(name)_expect.csv"))
        let header = csv[0].map { $0 ?? "" }
        let table = try ParquetFile(path: TestPaths.data("\(name).parquet")).readColumns()
        #expect(table.numRows == csv.count - 1)
        #expect(table.columns.count == header.count)
        for (c, column) in table.columns.enumerated() {
            let rendered = plainTexts(column)
            for r in 0..<min(rendered.count, csv.count - 1) where rendered[r] != csv[r + 1][c] {
                Issue.record("\(name) column \(column.name) row \(r): got \(rendered[r] ?? "null"), expected \(csv[r + 1][c] ?? "null")")
                break
            }
        }
    }

    @Test func int96FromSparkGivesTheDocumentedMicroseconds() throws {
        let table = try ParquetFile(path: TestPaths.data("int96_from_spark.parquet")).readColumns()
        let column = try #require(table.columns.first)
        guard case let .int96(values) = column.values else { Issue.record("not INT96"); return }
        let micros: [Int64?] = values.indices.map { column.isNull(row: $0) ? nil : values[$0].microsecondsSinceEpoch }
        #expect(micros == [1704141296123456, 1704070800000000, 253402225200000000, 1735599600000000, nil, 9089380393200000000])
    }

    @Test func mapNoValueReadsTheListAndRejectsTheMaps() throws {
        let file = try ParquetFile(path: TestPaths.data("map_no_value.parquet"))
        let lines = catLines(file.path, columns: ["my_list"]).lines
        #expect(lines == [#"{"my_list":[1,2,3]}"#, #"{"my_list":[4,5,6]}"#, #"{"my_list":[7,8,9]}"#])
        #expect(throws: ParquetError.self) { try file.readColumns(["my_map"]) }
        do { _ = try file.readColumns(nil) } catch { #expect(error.message.contains("my_map")) }
    }

    @Test func oldListStructureIsAClearNestingError() throws {
        let file = try ParquetFile(path: TestPaths.data("old_list_structure.parquet"))
        do {
            _ = try file.readColumns(nil)
            Issue.record("LIST<LIST<INT32>> should not read")
        } catch {
            #expect(error.message.contains("'a'"))
            #expect(error.message.contains("old_list_structure.parquet"))
        }
    }

    @Test func repeatedPrimitivesWithoutListAnnotationReadAsLists() {
        let lines = catLines(TestPaths.data("repeated_primitive_no_list.parquet"), columns: ["Int32_list", "String_list"]).lines
        #expect(lines == [
            #"{"Int32_list":[0,1,2,3],"String_list":["foo","zero","one","two"]}"#,
            #"{"Int32_list":[],"String_list":["three"]}"#,
            #"{"Int32_list":[4],"String_list":["four"]}"#,
            #"{"Int32_list":[5,6,7,8],"String_list":["five","six","seven","eight"]}"#,
        ])
    }

    @Test func nullListIsOneEmptyList() {
        #expect(catLines(TestPaths.data("null_list.parquet")).lines == [#"{"emptylist":[]}"#])
    }

    @Test func decimalsOfEveryPhysicalTypeReadExactly() {
        for name in ["byte_array_decimal", "fixed_length_decimal", "fixed_length_decimal_legacy", "int32_decimal", "int64_decimal"] {
            let lines = catLines(TestPaths.data("\(name).parquet")).lines
            #expect(lines == (1...24).map { #"{"value":"\#($0).00"}"# }, "\(name)")
        }
    }

    @Test func float16ValuesIncludingNaNAndSignedZero() {
        let lines = catLines(TestPaths.data("float16_nonzeros_and_nans.parquet")).lines
        #expect(lines == [#"{"x":null}"#, #"{"x":1.0}"#, #"{"x":-2.0}"#, #"{"x":"NaN"}"#, #"{"x":0.0}"#,
                          #"{"x":-1.0}"#, #"{"x":-0.0}"#, #"{"x":2.0}"#])
    }

    @Test func moreThanInt16MaxPagesInOneChunk() throws {
        let table = try ParquetFile(path: TestPaths.data("overflow_i16_page_cnt.parquet")).readColumns()
        #expect(table.numRows == 40000)
        guard case let .boolean(v)? = table.columns.first?.values else { Issue.record("not boolean"); return }
        #expect(v.count == 40000)
    }

    @Test func checksumsAreVerifiedAndCanBeTurnedOff() throws {
        let good = try ParquetFile(path: TestPaths.data("datapage_v1-uncompressed-checksum.parquet")).readColumns()
        #expect(good.numRows > 0)
        let corrupt = TestPaths.data("datapage_v1-corrupt-checksum.parquet")
        for (column, page) in [("a", 0), ("b", 1)] {
            do {
                _ = try ParquetFile(path: corrupt).readColumns([column])
                Issue.record("corrupt CRC in column \(column) not detected")
            } catch {
                #expect(error.message.contains("datapage_v1-corrupt-checksum.parquet"))
                #expect(error.message.contains("column '\(column)'"))
                #expect(error.message.contains("page \(page)"))
                #expect(error.message.contains("CRC"))
            }
        }
        var options = ParquetReadOptions()
        options.verifyChecksums = false
        let unchecked = try ParquetFile(path: corrupt, options: options).readColumns()
        #expect(unchecked.numRows == good.numRows)
        #expect(try ParquetFile(path: TestPaths.data("plain-dict-uncompressed-checksum.parquet")).readColumns().numRows > 0)
    }

    @Test func compressedChecksumFileMatchesTheUncompressedOne() {
        let a = catLines(TestPaths.data("datapage_v1-uncompressed-checksum.parquet")).lines
        let b = catLines(TestPaths.data("datapage_v1-snappy-compressed-checksum.parquet")).lines
        #expect(!a.isEmpty && a == b)
    }

    @Test func dataPageV2WithListsAndNulls() {
        let lines = catLines(TestPaths.data("datapage_v2.snappy.parquet")).lines
        #expect(lines == [
            #"{"a":"abc","b":1,"c":2.0,"d":true,"e":[1,2,3]}"#,
            #"{"a":"abc","b":2,"c":3.0,"d":true,"e":null}"#,
            #"{"a":"abc","b":3,"c":4.0,"d":true,"e":null}"#,
            #"{"a":null,"b":4,"c":5.0,"d":false,"e":[1,2,3]}"#,
            #"{"a":"abc","b":5,"c":2.0,"d":true,"e":[1,2]}"#,
        ])
    }

    @Test func listColumnsWithNullListsAndNullElements() {
        let lines = catLines(TestPaths.data("list_columns.parquet")).lines
        #expect(lines == [
            #"{"int64_list":[1,2,3],"utf8_list":["abc","efg","hij"]}"#,
            #"{"int64_list":[null,1],"utf8_list":null}"#,
            #"{"int64_list":[4],"utf8_list":["efg",null,"hij","xyz"]}"#,
        ])
    }

    @Test func zeroRowChunksWithUnsetOffsetsRead() throws {
        let table = try ParquetFile(path: TestPaths.data("column_chunk_key_value_metadata.parquet")).readColumns()
        #expect(table.numRows == 0)
        #expect(table.columns.count == 2)
    }

    /// Renders values as the expect CSVs do: integers and strings as text, null as nil.
    private func plainTexts(_ column: ParquetColumn) -> [String?] {
        (0..<column.count).map { row -> String? in
            if column.isNull(row: row) { return nil }
            switch column.values {
            case let .int32(v): return String(v[row])
            case let .int64(v): return String(v[row])
            case let .byteArray(o, b): return String(decoding: b[o[row]..<o[row + 1]], as: UTF8.self)
            default: return "?"
            }
        }
    }
}
