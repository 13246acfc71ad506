/// `rankd parquet schema`: the schema tree with physical and logical types, then row groups.
enum SchemaPrinter {
    static func print<Out: TextOutputStream>(_ dataset: ParquetDataset, to out: inout Out) throws(ParquetError) {
        for file in dataset.files {
            out.write("file: \(file.path)\n")
            out.write("rows: \(file.numRows) (footer num_rows \(file.metadata.declaredNumRows))\n")
            if let by = file.metadata.createdBy { out.write("created by: \(by)\n") }
            out.write("format version: \(file.metadata.version)\n")
            out.write("schema:\n")
            printNode(file.schema.root, indent: 1, to: &out)
            for field in file.schema.fields {
                if case let .unsupported(_, reason) = field { out.write("  note: \(reason)\n") }
            }
            out.write("row groups: \(file.rowGroups.count)\n")
            for (g, group) in file.rowGroups.enumerated() {
                out.write("  row group \(g): \(group.numRows) rows, \(group.totalByteSize) bytes\n")
                for c in group.columns {
                    let codec = c.codec.map { "\($0)".uppercased() } ?? "codec(\(c.codecNumber))"
                    let encodings = c.encodings.map(\.description).joined(separator: ",")
                    out.write("    \(c.path.joined(separator: ".")): \(c.physicalType) \(codec) [\(encodings)] \(c.numValues) values, \(c.compressedSize)/\(c.uncompressedSize) bytes\n")
                }
            }
        }
    }

    private static func printNode<Out: TextOutputStream>(_ node: SchemaNode, indent: Int, to out: inout Out) {
        let pad = String(repeating: "  ", count: indent)
        let logical = node.logicalType.map { " (\($0))" } ?? ""
        if let type = node.physicalType {
            let length = type == .fixedLenByteArray ? "(\(node.typeLength))" : ""
            out.write("\(pad)\(node.repetition) \(type)\(length) \(node.name)\(logical);\n")
        } else {
            let keyword = indent == 1 ? "message" : "\(node.repetition) group"
            out.write("\(pad)\(keyword) \(node.name)\(logical) {\n")
            for child in node.children { printNode(child, indent: indent + 1, to: &out) }
            out.write("\(pad)}\n")
        }
    }
}
