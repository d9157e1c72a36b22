import Foundation

/// Analyses the bodies of a write's documents on other cores, ahead of SQLite's writer.
///
/// SQLite has one writer, and with the analysis inside its tokenizer the writer's core did
/// both jobs while the other core idled. Here worker threads analyse bodies in order into
/// ``RecordedTerms``; the writer takes each recording just before inserting its document,
/// and the `french` tokenizer replays it (``TermReplays``). Workers stay at most
/// ``lookahead`` documents, or about ``lookaheadBytes`` of text, ahead of the writer, so
/// memory stays bounded whatever the batch.
///
/// If the workers cannot run (no analyzer could be made), ``terms(at:)`` returns `nil` and
/// the tokenizer analyses the text itself: the result is the same, only slower.
final class DocumentAnalysis: @unchecked Sendable {
    static let lookahead = 64
    static let lookaheadBytes = 4 << 20
    /// Workers of one write at most, whatever the cores: they share Hunspell, which serves
    /// one caller at a time.
    static let maximumWorkers = 4

    private let texts: [String]
    /// Guards everything below; `@unchecked Sendable` rests on it.
    private let condition = NSCondition()
    private var recordings: [RecordedTerms?]
    /// The next text a worker will analyse.
    private var nextToAnalyse = 0
    /// The next text the writer will take.
    private var nextToTake = 0
    /// Bytes of the texts analysed or being analysed and not yet taken.
    private var bytesAhead = 0
    private var runningWorkers = 0
    private var isStopped = false

    /// Starts analysing `texts` with analyzers from `analyzers`, on one thread per core but
    /// the writer's. The threads are its own, not Dispatch's: the writer blocks while it
    /// waits for them, and must not hold a thread they need.
    ///
    /// Measured on 2 cores: one worker keeps ahead of the writer (analysis takes half the
    /// writer's time); a second one only burnt CPU, warming its own form cache and waiting
    /// for Hunspell, which serves one caller at a time.
    init(texts: [String], analyzers: AnalyzerPool) {
        self.texts = texts
        recordings = Array(repeating: nil, count: texts.count)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = min(texts.count, max(1, cores - 1), Self.maximumWorkers)
        runningWorkers = workers
        for _ in 0..<workers {
            Thread { self.work(analyzers) }.start()
        }
    }

    /// The recording of text `index`, waiting for it if needed; texts are taken in order,
    /// each once. `nil` when no worker could analyse it.
    func terms(at index: Int) -> RecordedTerms? {
        condition.lock()
        defer { condition.unlock() }
        precondition(index == nextToTake, "texts are taken in order")
        while recordings[index] == nil, runningWorkers > 0, !isStopped {
            condition.wait()
        }
        let terms = recordings[index]
        recordings[index] = nil
        nextToTake = index + 1
        if index < nextToAnalyse { bytesAhead -= texts[index].utf8.count }
        condition.broadcast()
        return terms
    }

    /// Stops the workers (after the write, or when it failed half-way).
    func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work(_ analyzers: AnalyzerPool) {
        defer {
            condition.lock()
            runningWorkers -= 1
            condition.broadcast()
            condition.unlock()
        }
        try? analyzers.withAnalyzer { analyzer in
            while let index = claim() {
                let terms = RecordedTerms(analyzing: texts[index], with: analyzer)
                condition.lock()
                if index >= nextToTake { recordings[index] = terms }
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    /// The next text to analyse, once the writer is close enough; `nil` when there is none.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !isStopped, nextToAnalyse < texts.count, nextToAnalyse > nextToTake,
              nextToAnalyse - nextToTake >= Self.lookahead || bytesAhead >= Self.lookaheadBytes {
            condition.wait()
        }
        guard !isStopped, nextToAnalyse < texts.count else { return nil }
        let index = nextToAnalyse
        nextToAnalyse += 1
        bytesAhead += texts[index].utf8.count
        return index
    }
}
