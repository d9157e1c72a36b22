import Foundation
import FuretAnalysis

/// Analyses the titles and bodies of a write's documents on other cores, ahead of SQLite's
/// writer.
///
/// SQLite has one writer, and with the analysis inside its tokenizer the writer's core did
/// both jobs while the other core idled. Here worker threads analyse texts in order into
/// ``RecordedTerms``; the writer takes each document's recordings just before inserting it,
/// and the `french` tokenizer replays them (``TermReplays``). Workers stay at most
/// ``lookahead`` texts, or about ``lookaheadBytes`` of text, ahead of the writer, so
/// memory stays bounded whatever the batch. The analysis of a batch starts while the
/// writer still inserts the one before (``SearchIndex/apply(_:after:)``).
///
/// A writer that would wait for a recording analyses the next text no worker has started
/// instead: when analysis is slower than writing (Hunspell's first lookups of a corpus's
/// words, at about 10 µs each), both cores analyse rather than one waiting for the other.
///
/// Given the index's dictionary, workers also compress each body into its stored form
/// (``StoredBody``), which the writer would otherwise do on its own thread.
///
/// If no analyzer can be made, ``take(_:)`` gives no terms and the tokenizer analyses the
/// text itself: the result is the same, only slower.
final class DocumentAnalysis: @unchecked Sendable {
    /// Two texts (title and body) for each of 1,024 documents: enough for the writer never
    /// to catch up with the workers, whose analysis of a batch starts while the writer
    /// still inserts the one before.
    static let lookahead = 2_048
    static let lookaheadBytes = 4 << 20
    /// Workers of one write at most, whatever the cores: they share Hunspell's handles, each
    /// serving one caller at a time.
    static let maximumWorkers = 4

    /// What is made ahead for one text.
    struct Prepared {
        /// Its terms; `nil` when its analysis failed (no analyzer): the tokenizer will analyse it.
        var terms: RecordedTerms?
        /// Its stored form, for a body when the analysis stores bodies.
        var stored: StoredBody?
    }

    /// Where a text's preparation stands.
    private enum Slot {
        case pending
        case prepared(Prepared)
        /// Handed to the writer.
        case taken
    }

    private let texts: [String]
    private let analyzers: AnalyzerPool
    /// The dictionary bodies are stored with at the moment (see ``init(texts:analyzers:bodyDictionary:)``).
    private let bodyDictionary: (@Sendable () -> BodyDictionary?)?
    /// Guards everything below; `@unchecked Sendable` rests on it.
    private let condition = NSCondition()
    private var slots: [Slot]
    /// The next text a worker will analyse.
    private var nextToAnalyse = 0
    /// The next text the writer will take.
    private var nextToTake = 0
    /// Bytes of the texts analysed or being analysed and not yet taken.
    private var bytesAhead = 0
    private var runningWorkers = 0
    private var isStopped = false
    /// The analyzer the writer analyses with while it would wait, taken on first use and
    /// returned by ``stop()``; only touched by the writer's thread (``take(_:)``), then by
    /// ``stop()`` once the write is over.
    private var writerAnalyzer: FrenchAnalyzer?
    /// Whether the writer could not get an analyzer: it then only waits.
    private var writerCannotAnalyse = false

    /// Starts analysing `texts` with analyzers from `analyzers`, on one thread per core but
    /// the writer's. The threads are its own, not Dispatch's: the writer blocks while it
    /// waits for them, and must not hold a thread they need.
    ///
    /// With `bodyDictionary`, `texts` are documents' titles and bodies in turn (title at an
    /// even index, its body after it), and each body is also compressed with the dictionary
    /// it returns at that moment (the index may train its first one meanwhile).
    ///
    /// Measured on 2 cores, `eltec-fr` written by one `apply` with no lemma cached yet: one
    /// worker alone took 5.2 s, the writer waiting for it a third of the time (its analysis
    /// took 4 s, half of it in Hunspell); with the writer analysing while it would wait,
    /// 4.5–4.8 s (3.5 s since Hunspell's lookups cost half as much, see
    /// `HunspellDictionary`). A second worker thread did no better: it competes with the
    /// writer for the cores.
    init(texts: [String], analyzers: AnalyzerPool, bodyDictionary: (@Sendable () -> BodyDictionary?)? = nil) {
        self.texts = texts
        self.analyzers = analyzers
        self.bodyDictionary = bodyDictionary
        slots = Array(repeating: .pending, count: texts.count)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = min(texts.count, max(1, cores - 1), Self.maximumWorkers)
        runningWorkers = workers
        for _ in 0..<workers {
            Thread { self.work() }.start()
        }
    }

    /// What was made ahead for text `index`, preparing texts itself while it is not ready;
    /// texts are taken in order, each once. Empty when it could not be prepared ahead.
    func take(_ index: Int) -> Prepared {
        condition.lock()
        defer { condition.unlock() }
        precondition(index == nextToTake, "texts are taken in order")
        while case .pending = slots[index], runningWorkers > 0, !isStopped {
            if !writerCannotAnalyse, let next = claim(waiting: false) {
                condition.unlock()
                let analyzer = writerAnalyzer ?? (try? analyzers.take())
                writerAnalyzer = analyzer
                record(next, prepare(next, with: analyzer))
                condition.lock()
                writerCannotAnalyse = analyzer == nil
            } else {
                condition.wait()
            }
        }
        let slot = slots[index]
        slots[index] = .taken
        nextToTake = index + 1
        if index < nextToAnalyse { bytesAhead -= texts[index].utf8.count }
        condition.broadcast()
        if case .prepared(let prepared) = slot { return prepared }
        return Prepared()
    }

    /// Stops the workers (after the write, or when it failed half-way).
    func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
        if let writerAnalyzer { analyzers.putBack(writerAnalyzer) }
        writerAnalyzer = nil
    }

    private func work() {
        defer {
            condition.lock()
            runningWorkers -= 1
            condition.broadcast()
            condition.unlock()
        }
        guard let analyzer = try? analyzers.take() else { return }
        defer { analyzers.putBack(analyzer) }
        while let index = locked({ claim(waiting: true) }) {
            record(index, prepare(index, with: analyzer))
        }
    }

    /// Text `index`'s terms (none without an `analyzer`) and, for a stored body, its stored form.
    private func prepare(_ index: Int, with analyzer: FrenchAnalyzer?) -> Prepared {
        let text = texts[index]
        return Prepared(terms: analyzer.map { RecordedTerms(analyzing: text, with: $0) },
                        stored: bodyDictionary.flatMap { index % 2 == 1 ? StoredBody(text, dictionary: $0()) : nil })
    }

    /// Puts what was prepared for text `index` in its slot, unless the writer has gone past it.
    private func record(_ index: Int, _ prepared: Prepared) {
        locked {
            if index >= nextToTake { slots[index] = .prepared(prepared) }
            condition.broadcast()
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// The next text to analyse, once the writer is close enough (waiting for that, or
    /// `nil` at once when `waiting` is false); `nil` when there is none. Called with the
    /// condition locked.
    private func claim(waiting: Bool) -> Int? {
        while !isStopped, nextToAnalyse < texts.count, nextToAnalyse > nextToTake,
              nextToAnalyse - nextToTake >= Self.lookahead || bytesAhead >= Self.lookaheadBytes {
            guard waiting else { return nil }
            condition.wait()
        }
        guard !isStopped, nextToAnalyse < texts.count else { return nil }
        let index = nextToAnalyse
        nextToAnalyse += 1
        bytesAhead += texts[index].utf8.count
        return index
    }
}
