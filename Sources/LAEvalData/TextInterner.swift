import Foundation

/// Stores each distinct text of a column once and hands out small integer ids, so that a
/// column of a million repeated LA names costs one string per LA. Rows of EES files come
/// sorted, so the previous row's value is tried first; otherwise FNV-1a hashing of the bytes.
struct TextInterner {
    private var buckets: [UInt64: [Int32]] = [:]
    private(set) var values: [String] = []
    private var valueBytes: [[UInt8]] = []
    private var lastID: Int32 = -1

    @inline(__always)
    private func equals(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        valueBytes[Int(id)].withUnsafeBufferPointer { stored in
            stored.count == bytes.count && (bytes.count == 0 || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    @inline(__always)
    mutating func id(for bytes: UnsafeBufferPointer<UInt8>, text: () -> String) -> Int32 {
        if lastID >= 0, equals(lastID, bytes) { return lastID }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        if let candidates = buckets[hash] {
            for candidate in candidates where equals(candidate, bytes) {
                lastID = candidate
                return candidate
            }
        }
        let id = Int32(values.count)
        values.append(text())
        valueBytes.append(Array(bytes))
        buckets[hash, default: []].append(id)
        lastID = id
        return id
    }

    mutating func id(for text: String) -> Int32 {
        var utf8 = text
        return utf8.withUTF8 { bytes in id(for: bytes) { text } }
    }
}
