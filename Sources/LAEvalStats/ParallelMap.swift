import Foundation

/// Runs `body(i)` for i in 0..<count on up to `threads` threads (default: every core) and
/// returns the results in index order. Work item i is always item i, whichever thread runs it,
/// so results never depend on the number of threads.
public func parallelMap<T>(_ count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = worker
        while index < count {
            slots.set(index, body(index))
            index += workers
        }
    }
    return slots.values
}

/// Memory shared read-only by parallel work (e.g. a mapped file). The caller guarantees it
/// outlives the work, as `parallelMap` returns only when every item is done.
public struct ReadOnlyBuffer<Element>: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<Element>
    public init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
}

/// One slot per work item, each written once under a lock.
private final class ResultSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    var values: [T] { storage.map { $0! } }
}
