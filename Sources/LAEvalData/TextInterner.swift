/// Stores each distinct text of a column once and hands out small integer ids, so that a
/// column of a million repeated LA names costs one string per LA (FNV-1a hashing of the bytes).
struct TextInterner {
    private var buckets: [UInt64: [Int32]] = [:]
    private(set) var values: [String] = []
    private var valueBytes: [[UInt8]] = []

    @inline(__always)
    mutating func id(for bytes: UnsafeBufferPointer<UInt8>, text: () -> String) -> Int32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        if let candidates = buckets[hash] {
            for candidate in candidates where valueBytes[Int(candidate)].elementsEqual(bytes) {
                return candidate
            }
        }
        let id = Int32(values.count)
        values.append(text())
        valueBytes.append(Array(bytes))
        buckets[hash, default: []].append(id)
        return id
    }
}
