/// One readable top-level column: a primitive (required or optional) or a list of primitives.
public struct ColumnDescriptor: Sendable {
    /// Top-level field name: what `readColumns` selects by.
    public let name: String
    /// Path of the leaf column in the schema (e.g. ["emb", "list", "element"]).
    public let path: [String]
    public let physicalType: ParquetPhysicalType
    public let logicalType: ParquetLogicalType?
    /// Byte width of FIXED_LEN_BYTE_ARRAY values; 0 otherwise.
    public let typeLength: Int
    /// Repetition of the top-level field (`.repeated` for an unannotated repeated primitive).
    public let repetition: ParquetRepetition
    public let isList: Bool
    /// For lists: whether elements may be null.
    public let elementNullable: Bool
    public let maxDefinitionLevel: Int
    public let maxRepetitionLevel: Int
    /// Index of the leaf among all leaves: the position of its chunk in every row group.
    public let leafIndex: Int
    /// Lists: definition level at and above which the list itself is present (not null).
    let listPresentDefinition: Int
    /// Lists: definition level at and above which an element slot exists.
    let elementDefinition: Int

    public var isNullable: Bool { repetition == .optional }
    public var dottedPath: String { path.joined(separator: ".") }
}

/// A top-level field the reader can or cannot read (maps, structs, nested lists cannot).
enum FieldShape: Sendable {
    case column(ColumnDescriptor)
    case unsupported(name: String, reason: String)

    var name: String {
        switch self {
        case let .column(d): d.name
        case let .unsupported(name, _): name
        }
    }
}

/// Classifies top-level fields following LogicalTypes.md's list rules, including the legacy
/// two-level forms (repeated primitive under LIST, `array` / `<name>_tuple` groups).
enum FieldClassifier {
    static func classify(_ field: SchemaNode) -> FieldShape {
        if let type = field.physicalType, let leaf = field.leafIndex {
            return classifyPrimitive(field, type: type, leaf: leaf)
        }
        if field.logicalType == .list { return classifyList(field) }
        let what = field.logicalType == .map ? "a map" : "a struct"
        return .unsupported(name: field.name, reason: "column '\(field.name)' is \(what); only primitive columns and lists of primitives are supported")
    }

    private static func classifyPrimitive(_ f: SchemaNode, type: ParquetPhysicalType, leaf: Int) -> FieldShape {
        let repeated = f.repetition == .repeated
        let optional = f.repetition == .optional
        return .column(ColumnDescriptor(
            name: f.name, path: [f.name], physicalType: type, logicalType: f.logicalType,
            typeLength: f.typeLength, repetition: f.repetition, isList: repeated, elementNullable: false,
            maxDefinitionLevel: repeated || optional ? 1 : 0, maxRepetitionLevel: repeated ? 1 : 0,
            leafIndex: leaf, listPresentDefinition: 0, elementDefinition: 1))
    }

    private static func classifyList(_ list: SchemaNode) -> FieldShape {
        let nested = FieldShape.unsupported(
            name: list.name, reason: "column '\(list.name)' is a list of nested values; only lists of primitives are supported")
        guard list.repetition != .repeated, list.children.count == 1, list.children[0].repetition == .repeated else {
            return .unsupported(name: list.name, reason: "column '\(list.name)' has a malformed LIST structure")
        }
        let repeatedNode = list.children[0]
        let element: SchemaNode
        var path = [list.name, repeatedNode.name]
        if !repeatedNode.isGroup {
            element = repeatedNode  // legacy 2-level: the repeated primitive is the element
        } else if repeatedNode.children.count == 1,
                  repeatedNode.name != "array", repeatedNode.name != "\(list.name)_tuple" {
            element = repeatedNode.children[0]
            path.append(element.name)
        } else {
            return nested  // the repeated group itself is the (struct) element
        }
        guard let type = element.physicalType, let leaf = element.leafIndex, element.repetition != .repeated || element.leafIndex == repeatedNode.leafIndex else {
            return nested
        }
        let listPresent = list.repetition == .optional ? 1 : 0
        let elementDef = listPresent + 1
        let elementOptional = element.leafIndex != repeatedNode.leafIndex && element.repetition == .optional
        return .column(ColumnDescriptor(
            name: list.name, path: path, physicalType: type, logicalType: element.logicalType,
            typeLength: element.typeLength, repetition: list.repetition, isList: true,
            elementNullable: elementOptional, maxDefinitionLevel: elementDef + (elementOptional ? 1 : 0),
            maxRepetitionLevel: 1, leafIndex: leaf, listPresentDefinition: listPresent, elementDefinition: elementDef))
    }
}

/// The file's schema: the tree, and its top-level fields in file order.
public struct ParquetSchema: Sendable {
    public let root: SchemaNode
    let fields: [FieldShape]
    public let leafCount: Int

    init(elements: [SchemaElement]) throws(ParquetError) {
        root = try SchemaNode.build(elements)
        fields = root.children.map(FieldClassifier.classify)
        leafCount = root.leafCount
    }

    /// Top-level field names in file order, readable or not.
    public var fieldNames: [String] { fields.map(\.name) }

    /// The readable columns, in file order.
    public var columns: [ColumnDescriptor] {
        fields.compactMap { if case let .column(d) = $0 { d } else { nil } }
    }

    public func column(named name: String) -> ColumnDescriptor? {
        columns.first { $0.name == name || $0.dottedPath == name }
    }
}
