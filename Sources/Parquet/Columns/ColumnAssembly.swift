/// Turns levels into validity and list offsets (record assembly for flat columns and lists
/// of primitives), across pages, row groups and files.
struct ColumnAssembly {
    let descriptor: ColumnDescriptor
    /// Flat: per row. Lists: per element slot.
    private(set) var slotValidity: [Bool] = []
    private(set) var listStarts: [Int] = []
    private(set) var listValidity: [Bool] = []
    private(set) var rows = 0
    private(set) var slots = 0
    /// Scratch for the current page's slot validity.
    private(set) var pageValidity: [Bool] = []

    init(descriptor: ColumnDescriptor) { self.descriptor = descriptor }

    /// Consumes one page's levels (`rep` empty unless a list; `def` empty if max level 0).
    /// Returns the number of non-null values the page's value section must hold.
    mutating func consume(rep: [UInt8], def: [UInt8], count: Int, firstInChunk: Bool) throws(ParquetError) -> Int {
        let maxDef = UInt8(descriptor.maxDefinitionLevel)
        pageValidity.removeAll(keepingCapacity: true)
        if !descriptor.isList {
            rows += count
            slots += count
            guard maxDef > 0 else { return count }
            for d in def { pageValidity.append(d == maxDef) }
            slotValidity.append(contentsOf: pageValidity)
            return pageValidity.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        return try consumeList(rep: rep, def: def, firstInChunk: firstInChunk, maxDef: maxDef)
    }

    private mutating func consumeList(rep: [UInt8], def: [UInt8], firstInChunk: Bool, maxDef: UInt8) throws(ParquetError) -> Int {
        guard rep.count == def.count else { throw ParquetError("repetition and definition level counts differ") }
        if firstInChunk, let first = rep.first, first != 0 {
            throw ParquetError("the first repetition level of the column chunk is \(first), not 0")
        }
        let present = UInt8(descriptor.listPresentDefinition)
        let element = UInt8(descriptor.elementDefinition)
        var nonNull = 0
        for i in 0..<rep.count {
            let d = def[i]
            if rep[i] == 0 {
                rows += 1
                listStarts.append(slots)
                listValidity.append(d >= present)
            } else if d < element {
                throw ParquetError("repeated entry \(i) has definition level \(d) below the element level \(element)")
            }
            if d >= element {
                slots += 1
                let valid = d == maxDef
                pageValidity.append(valid)
                if valid { nonNull += 1 }
            }
        }
        slotValidity.append(contentsOf: pageValidity)
        return nonNull
    }

    /// Rows seen since `mark` must equal the row group's row count.
    func checkRows(since mark: Int, expected: Int) throws(ParquetError) {
        guard rows - mark == expected else {
            throw ParquetError("column holds \(rows - mark) rows, the row group says \(expected)")
        }
    }

    /// Final validity (nil when nothing is null), list offsets and element validity.
    func finish() throws(ParquetError) -> (validity: [Bool]?, offsets: [Int32]?, elementValidity: [Bool]?) {
        let slotsAllValid = !slotValidity.contains(false)
        guard descriptor.isList else {
            return (slotsAllValid ? nil : slotValidity, nil, nil)
        }
        guard slots <= Int(Int32.max) else {
            throw ParquetError("list column has \(slots) elements, more than 32-bit offsets can address")
        }
        var offsets = [Int32]()
        offsets.reserveCapacity(listStarts.count + 1)
        for s in listStarts { offsets.append(Int32(s)) }
        offsets.append(Int32(slots))
        let listsAllValid = !listValidity.contains(false)
        return (listsAllValid ? nil : listValidity, offsets, slotsAllValid ? nil : slotValidity)
    }
}
