import OnnxRuntime

extension FeaturePlan {
    /// Checks the manifest against the tables and the ONNX signature: every feature exists with a
    /// numeric type, each input's width equals the model's declared feature count, inputs are
    /// float, the output is a float score. Any mismatch refuses the model: never a silently
    /// wrong score.
    public static func build(manifest: ModelManifest, signature: ModelSignature,
                             tables: [FeatureTable]) throws(ContractError) -> FeaturePlan {
        var inputs: [Input] = []
        var used = Set<Int>()
        for declared in signature.inputs where manifest.inputs.first(where: { $0.name == declared.name }) == nil {
            throw ContractError("ONNX input '\(declared.name)' is not listed in the manifest's inputs")
        }
        for entry in manifest.inputs {
            guard let info = signature.input(named: entry.name) else {
                let known = signature.inputs.map { "'\($0.name)'" }.joined(separator: ", ")
                throw ContractError("manifest input '\(entry.name)' is not an ONNX input (model inputs: \(known))")
            }
            let input = try bind(entry, manifest: manifest, tables: tables, used: &used)
            try check(input, against: info)
            inputs.append(info.shape.count == 1 ? input.asVector() : input)
        }
        let (outputWidth, outputIndex) = try checkOutput(manifest, signature)
        return FeaturePlan(inputs: inputs, tables: used.sorted(), output: manifest.output,
                           outputWidth: outputWidth, outputIndex: outputIndex)
    }

    private static func bind(_ entry: ModelManifest.Input, manifest: ModelManifest, tables: [FeatureTable],
                             used: inout Set<Int>) throws(ContractError) -> Input {
        var segments: [Segment] = []
        var context: [ContextSlot] = []
        var names: [String] = []
        for feature in entry.features {
            guard let name = FeatureName(feature) else { throw ContractError("feature '\(feature)' is not table.column") }
            let fill = manifest.defaults[feature]
            if name.isContext {
                context.append(ContextSlot(name: name.column, target: names.count, fill: fill ?? .nan))
                names.append(feature)
                continue
            }
            let (tableIndex, column) = try resolve(name, feature: feature, tables: tables)
            used.insert(tableIndex)
            segments.append(Segment(table: tableIndex, source: column.offset, target: names.count, width: column.width,
                                    fill: fill.flatMap { $0.isNaN ? nil : $0 }))
            names += column.width == 1 ? [feature] : (0..<column.width).map { "\(feature)[\($0)]" }
        }
        return Input(name: entry.name, width: names.count, isVector: false, segments: segments, context: context, featureNames: names)
    }

    private static func resolve(_ name: FeatureName, feature: String, tables: [FeatureTable]) throws(ContractError) -> (Int, FeatureColumn) {
        guard let tableIndex = tables.firstIndex(where: { $0.name == name.table }) else {
            let known = tables.map(\.name).joined(separator: ", ")
            throw ContractError("feature '\(feature)': no table '\(name.table)' is configured (tables: \(known); or use context.\(name.column))")
        }
        let table = tables[tableIndex]
        if let column = table.column(named: name.column) { return (tableIndex, column) }
        if table.keyColumns.contains(name.column) {
            throw ContractError("feature '\(feature)': \(name.column) is a key column of table \(table.name), not a feature")
        }
        if let reason = table.skippedColumns[name.column] {
            throw ContractError("feature '\(feature)': column \(name.column) of table \(table.name) \(reason)")
        }
        throw ContractError("feature '\(feature)': table \(table.name) (snapshot \(table.snapshot.id)) has no column \(name.column)")
    }

    private static func check(_ input: Input, against info: TensorInfo) throws(ContractError) {
        guard info.isFloatTensor else {
            let type = info.elementType.map { "tensor(\($0))" } ?? "\(info.kind)"
            throw ContractError("ONNX input '\(info.name)' is \(type); rankd feeds tensor(float)")
        }
        switch info.shape.count {
        case 2:
            let declared = info.shape[1]
            guard declared < 0 || Int(declared) == input.width else {
                throw ContractError("ONNX input '\(info.name)' takes \(declared) features per row, the manifest lists \(input.width) (\(input.featureNames.joined(separator: ", ")))")
            }
        case 1 where input.width == 1:
            break
        default:
            throw ContractError("ONNX input '\(info.name)' has shape \(info.shape); expected [N, \(input.width)]")
        }
    }

    private static func checkOutput(_ manifest: ModelManifest, _ signature: ModelSignature) throws(ContractError) -> (Int?, Int) {
        guard let output = signature.output(named: manifest.output) else {
            let known = signature.outputs.map { "'\($0.name)'" }.joined(separator: ", ")
            throw ContractError("manifest output '\(manifest.output)' is not an ONNX output (model outputs: \(known))")
        }
        guard output.isFloatTensor else {
            let type = output.elementType.map { "tensor(\($0))" } ?? "\(output.kind)"
            throw ContractError("ONNX output '\(output.name)' is \(type); the score must be tensor(float)")
        }
        let index = manifest.outputIndex ?? 0
        switch output.shape.count {
        case 1:
            guard index == 0 else { throw ContractError("output_index \(index) given for a [N] output") }
            return (1, 0)
        case 2:
            let width = output.shape[1]
            if width < 0 { return (nil, index) }
            guard width >= 1, index < width else {
                throw ContractError("output '\(output.name)' has \(width) columns; output_index \(index) is out of range")
            }
            guard width == 1 || manifest.outputIndex != nil else {
                throw ContractError("output '\(output.name)' is [N, \(width)]: set output_index to pick the score column")
            }
            return (Int(width), index)
        default:
            throw ContractError("output '\(output.name)' has shape \(output.shape); expected [N], [N,1] or [N,K]")
        }
    }
}

extension FeaturePlan.Input {
    /// The same input fed as `[N]` (a one-feature model input).
    func asVector() -> FeaturePlan.Input {
        FeaturePlan.Input(name: name, width: width, isVector: true, segments: segments, context: context, featureNames: featureNames)
    }
}
