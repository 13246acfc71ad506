/// Physical storage types (parquet.thrift `Type`).
public enum ParquetPhysicalType: Int32, Sendable, CustomStringConvertible {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5
    case byteArray = 6, fixedLenByteArray = 7

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray: "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

public enum ParquetRepetition: Int32, Sendable, CustomStringConvertible {
    case required = 0, optional = 1, repeated = 2
    public var description: String {
        switch self {
        case .required: "required"
        case .optional: "optional"
        case .repeated: "repeated"
        }
    }
}

/// Value encodings (parquet.thrift `Encoding`). Unknown numbers are kept, to name them in errors.
public struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let plain = ParquetEncoding(rawValue: 0)
    public static let plainDictionary = ParquetEncoding(rawValue: 2)
    public static let rle = ParquetEncoding(rawValue: 3)
    public static let bitPacked = ParquetEncoding(rawValue: 4)
    public static let deltaBinaryPacked = ParquetEncoding(rawValue: 5)
    public static let deltaLengthByteArray = ParquetEncoding(rawValue: 6)
    public static let deltaByteArray = ParquetEncoding(rawValue: 7)
    public static let rleDictionary = ParquetEncoding(rawValue: 8)
    public static let byteStreamSplit = ParquetEncoding(rawValue: 9)

    public var description: String {
        switch rawValue {
        case 0: "PLAIN"
        case 1: "GROUP_VAR_INT"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding(\(rawValue))"
        }
    }
}

/// Legacy `ConvertedType` annotations (still the only annotation in many older files).
enum ConvertedType: Int32 {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumType = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14
    case int8 = 15, int16 = 16, int32 = 17, int64 = 18, json = 19, bson = 20, interval = 21
}

public enum ParquetTimeUnit: Sendable, Equatable, CustomStringConvertible {
    case millis, micros, nanos
    public var description: String {
        switch self {
        case .millis: "MILLIS"
        case .micros: "MICROS"
        case .nanos: "NANOS"
        }
    }
}

/// Logical annotations (parquet.thrift `LogicalType`, plus the converted types folded into it).
public enum ParquetLogicalType: Sendable, Equatable, CustomStringConvertible {
    case string, enumeration, json, bson, uuid, float16
    case map, list
    case decimal(precision: Int32, scale: Int32)
    case date
    case time(unit: ParquetTimeUnit, adjustedToUTC: Bool)
    case timestamp(unit: ParquetTimeUnit, adjustedToUTC: Bool)
    case integer(bitWidth: Int8, signed: Bool)
    case null
    case interval
    /// A logical type this reader does not know (a newer writer's); values read as their physical type.
    case unknown

    public var description: String {
        switch self {
        case .string: "STRING"
        case .enumeration: "ENUM"
        case .json: "JSON"
        case .bson: "BSON"
        case .uuid: "UUID"
        case .float16: "FLOAT16"
        case .map: "MAP"
        case .list: "LIST"
        case let .decimal(p, s): "DECIMAL(\(p),\(s))"
        case .date: "DATE"
        case let .time(u, utc): "TIME(\(u),utc=\(utc))"
        case let .timestamp(u, utc): "TIMESTAMP(\(u),utc=\(utc))"
        case let .integer(w, s): "INT(\(w),\(s ? "signed" : "unsigned"))"
        case .null: "NULL"
        case .interval: "INTERVAL"
        case .unknown: "UNKNOWN"
        }
    }
}

/// One node of the flattened schema list in the footer.
struct SchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name = ""
    var numChildren: Int32 = 0
    var convertedType: ConvertedType?
    var scale: Int32?
    var precision: Int32?
    var logicalType: ParquetLogicalType?
}

struct ColumnMetaData {
    var type: ParquetPhysicalType = .boolean
    var encodings: [ParquetEncoding] = []
    var pathInSchema: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
}

struct ColumnChunk {
    var filePath: String?
    var metaData: ColumnMetaData?
    var isEncrypted = false
}

struct RowGroup {
    var columns: [ColumnChunk] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
}

struct FileMetaData {
    var version: Int32 = 0
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroup] = []
    var keyValueMetadata: [(key: String, value: String?)] = []
    var createdBy: String?
    var isEncrypted = false
}

enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

struct DataPageHeader {
    var numValues: Int32 = 0
    var encoding = ParquetEncoding.plain
    var definitionLevelEncoding = ParquetEncoding.rle
    var repetitionLevelEncoding = ParquetEncoding.rle
}

struct DataPageHeaderV2 {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding = ParquetEncoding.plain
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true
}

struct DictionaryPageHeader {
    var numValues: Int32 = 0
    var encoding = ParquetEncoding.plain
}

struct PageHeader {
    /// Raw page type: unknown types are skipped by size, so it is kept as a number.
    var type: Int32 = -1
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var crc: Int32?
    var dataPage: DataPageHeader?
    var dictionaryPage: DictionaryPageHeader?
    var dataPageV2: DataPageHeaderV2?
}
