/// The schema as a tree, rebuilt from the footer's depth-first element list.
public struct SchemaNode: Sendable {
    public let name: String
    public let repetition: ParquetRepetition
    /// nil for groups.
    public let physicalType: ParquetPhysicalType?
    public let typeLength: Int
    public let logicalType: ParquetLogicalType?
    public let children: [SchemaNode]
    /// Index of this leaf among all leaves (the column chunk order); nil for groups.
    public let leafIndex: Int?

    public var isGroup: Bool { physicalType == nil }

    static let maxDepth = 64

    /// Builds the tree; every count is checked against the elements actually present.
    static func build(_ elements: [SchemaElement]) throws(ParquetError) -> SchemaNode {
        guard !elements.isEmpty else { throw ParquetError("schema is empty") }
        var cursor = 0
        var leaves = 0
        let root = try buildNode(elements, &cursor, &leaves, depth: 0, isRoot: true)
        guard cursor == elements.count else {
            throw ParquetError("schema has \(elements.count - cursor) elements not reachable from the root")
        }
        return root
    }

    private static func buildNode(
        _ elements: [SchemaElement], _ cursor: inout Int, _ leaves: inout Int, depth: Int, isRoot: Bool
    ) throws(ParquetError) -> SchemaNode {
        guard depth <= maxDepth else { throw ParquetError("schema nesting is deeper than \(maxDepth)") }
        guard cursor < elements.count else { throw ParquetError("schema declares more children than it has elements") }
        let e = elements[cursor]
        cursor += 1
        let childCount = Int(e.numChildren)
        let isGroup = isRoot || e.type == nil
        guard childCount >= 0, childCount <= elements.count - cursor else {
            throw ParquetError("schema element '\(e.name)' declares \(e.numChildren) children, more than remain")
        }
        guard isGroup || childCount == 0 else {
            throw ParquetError("schema element '\(e.name)' is primitive but has children")
        }
        var children: [SchemaNode] = []
        children.reserveCapacity(childCount)
        for _ in 0..<childCount {
            children.append(try buildNode(elements, &cursor, &leaves, depth: depth + 1, isRoot: false))
        }
        if isGroup && childCount == 0 && !isRoot {
            throw ParquetError("schema group '\(e.name)' has no children")
        }
        var leafIndex: Int?
        if !isGroup { leafIndex = leaves; leaves += 1 }
        let length = Int(e.typeLength ?? 0)
        if e.type == .fixedLenByteArray && !isGroup && length <= 0 {
            throw ParquetError("FIXED_LEN_BYTE_ARRAY column '\(e.name)' has type_length \(length)")
        }
        return SchemaNode(
            name: e.name, repetition: isRoot ? .required : (e.repetition ?? .required),
            physicalType: isGroup ? nil : e.type, typeLength: length,
            logicalType: resolveLogicalType(e), children: children, leafIndex: leafIndex)
    }

    /// Prefers the LogicalType annotation; falls back to the legacy ConvertedType.
    private static func resolveLogicalType(_ e: SchemaElement) -> ParquetLogicalType? {
        if let l = e.logicalType, l != .unknown { return l }
        guard let c = e.convertedType else { return e.logicalType }
        switch c {
        case .utf8: return .string
        case .map, .mapKeyValue: return .map
        case .list: return .list
        case .enumType: return .enumeration
        case .decimal: return .decimal(precision: e.precision ?? 0, scale: e.scale ?? 0)
        case .date: return .date
        case .timeMillis: return .time(unit: .millis, adjustedToUTC: true)
        case .timeMicros: return .time(unit: .micros, adjustedToUTC: true)
        case .timestampMillis: return .timestamp(unit: .millis, adjustedToUTC: true)
        case .timestampMicros: return .timestamp(unit: .micros, adjustedToUTC: true)
        case .uint8: return .integer(bitWidth: 8, signed: false)
        case .uint16: return .integer(bitWidth: 16, signed: false)
        case .uint32: return .integer(bitWidth: 32, signed: false)
        case .uint64: return .integer(bitWidth: 64, signed: false)
        case .int8: return .integer(bitWidth: 8, signed: true)
        case .int16: return .integer(bitWidth: 16, signed: true)
        case .int32: return .integer(bitWidth: 32, signed: true)
        case .int64: return .integer(bitWidth: 64, signed: true)
        case .json: return .json
        case .bson: return .bson
        case .interval: return .interval
        }
    }

    /// Number of leaves under this node.
    var leafCount: Int { isGroup ? children.reduce(0) { $0 + $1.leafCount } : 1 }
}
