import Foundation
import FuretDocuments
import FuretIndex
@testable import FuretServer
import FuretTestSupport
import Glibc
import Logging
import Synchronization
import Testing

/// Tests of `Sources/FuretServer/Watcher`, grouped so that `--filter WatcherTests` runs them all.
enum WatcherTests {}

// MARK: - DirectoryWatcher on real directories

extension WatcherTests {
    /// End-to-end tests: real files in temporary directories, a real watcher thread.
    ///
    /// Serialized because they measure batching, which competing tests would disturb. Every wait is
    /// bounded: a missing batch fails the test after a minute instead of hanging it.
    @Suite(.serialized)
    struct DirectoryWatcherTests {
        @Test func createdFileIsChanged() async throws {
            try await withWatcher { root, _, recorder in
                try writeFile(root + "/a.txt")
                let changes = await recorder.settledChanges(expecting: .changed(root + "/a.txt"))
                #expect(changes == [.changed(root + "/a.txt")])
            }
        }

        @Test func changesCountAsPendingFromTheirEventUntilHandled() async throws {
            let pending = PendingWork()
            try await withWatcher(unfinishedBatches: pending.watcherBatches().add) { root, watcher, recorder in
                #expect(pending.count == 0)
                try writeFile(root + "/a.txt")
                // Seen before the batch is delivered (the debounce holds it back for 30 ms).
                #expect(await waitUntil { pending.count == 1 || !recorder.batches.isEmpty })
                _ = await recorder.settledChanges(expecting: .changed(root + "/a.txt"))
                #expect(pending.count == 0)
            }
        }

        @Test func modifiedFileIsChanged() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/a.txt") }) { root, _, recorder in
                try writeFile(root + "/a.txt", "modified")
                let changes = await recorder.settledChanges(expecting: .changed(root + "/a.txt"))
                #expect(changes == [.changed(root + "/a.txt")])
            }
        }

        @Test func atomicSaveIsOnlyTheOriginalChanged() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/doc.txt") }) { root, _, recorder in
                try writeFile(root + "/doc.txt.tmp-1234", "new version")
                try renameItem(root + "/doc.txt.tmp-1234", root + "/doc.txt")
                let changes = await recorder.settledChanges(expecting: .changed(root + "/doc.txt"))
                #expect(changes == [.changed(root + "/doc.txt")])
            }
        }

        @Test func renamedFileIsMoved() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/a.txt") }) { root, _, recorder in
                try renameItem(root + "/a.txt", root + "/b.txt")
                let moved = FileChange.moved(from: root + "/a.txt", to: root + "/b.txt")
                let changes = await recorder.settledChanges(expecting: moved)
                #expect(changes == [moved])
            }
        }

        @Test func renamedDirectoryIsMovedAndWatchedAtItsNewPath() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/d/sub/x.txt") }) { root, watcher, recorder in
                try renameItem(root + "/d", root + "/e")
                let moved = FileChange.moved(from: root + "/d", to: root + "/e")
                var changes = await recorder.settledChanges(expecting: moved)
                #expect(changes == [moved])

                try writeFile(root + "/e/sub/y.txt")
                let written = FileChange.changed(root + "/e/sub/y.txt")
                changes = await recorder.settledChanges(expecting: written)
                #expect(changes == [moved, written])
                #expect(watcher.watchedDirectoryCount == 3)
            }
        }

        @Test func deletedFileIsRemoved() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/a.txt") }) { root, _, recorder in
                try FileManager.default.removeItem(atPath: root + "/a.txt")
                let changes = await recorder.settledChanges(expecting: .removed(root + "/a.txt"))
                #expect(changes == [.removed(root + "/a.txt")])
            }
        }

        @Test func namesThatAreNotUTF8AreWatchedAndReportedWithTheirBytes() async throws {
            try await withWatcher { root, watcher, recorder in
                let directory = Array((root + "/d").utf8) + [0xE9]
                let file = directory + Array("/x".utf8) + [0xE9] + Array(".txt".utf8)
                let renamed = directory + Array("/y".utf8) + [0xFF] + Array(".txt".utf8)
                try #require(withRawPath(directory) { mkdir($0, 0o755) } == 0)
                try createFile(atRawPath: file, "du texte")
                let created = FileChange.changed(PathBytes.string(file))
                var changes = await recorder.settledChanges(expecting: created)
                #expect(changes == [created])
                #expect(watcher.watchedDirectoryCount == 2)

                try #require(withRawPath(file) { from in withRawPath(renamed) { rename(from, $0) } } == 0)
                let moved = FileChange.moved(from: PathBytes.string(file), to: PathBytes.string(renamed))
                changes = await recorder.settledChanges(expecting: moved)
                #expect(changes == [created, moved])

                try #require(withRawPath(renamed) { unlink($0) } == 0)
                let removed = FileChange.removed(PathBytes.string(renamed))
                changes = await recorder.settledChanges(expecting: removed)
                #expect(changes == [created, moved, removed])
                #expect(withRawPath(directory) { rmdir($0) } == 0)
            }
        }

        @Test func hardLinkIsChanged() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/a.txt") }) { root, _, recorder in
                try #require(link(root + "/a.txt", root + "/b.txt") == 0)
                let changes = await recorder.settledChanges(expecting: .changed(root + "/b.txt"))
                #expect(changes == [.changed(root + "/b.txt")])
            }
        }

        @Test func deletedRootIsRemoved() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/d/x.txt") }) { root, watcher, recorder in
                try FileManager.default.removeItem(atPath: root)
                let changes = await recorder.settledChanges(expecting: .removed(root))
                #expect(changes == [.removed(root)])
                #expect(watcher.watchedDirectoryCount == 0)
            }
        }

        @Test func deletedDirectoryIsRemovedAndUnwatched() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/d/sub/x.txt") }) { root, watcher, recorder in
                #expect(watcher.watchedDirectoryCount == 3)
                try FileManager.default.removeItem(atPath: root + "/d")
                let changes = await recorder.settledChanges(expecting: .removed(root + "/d"))
                #expect(changes == [.removed(root + "/d")])
                #expect(watcher.watchedDirectoryCount == 1)
            }
        }

        @Test func fileWrittenInANewNestedDirectoryIsChanged() async throws {
            try await withWatcher { root, watcher, recorder in
                try writeFile(root + "/a/b/c/f.txt") // mkdir -p, then write at once
                let written = FileChange.changed(root + "/a/b/c/f.txt")
                var changes = await recorder.settledChanges(expecting: written)
                #expect(changes == [written])
                #expect(watcher.watchedDirectoryCount == 4)

                try writeFile(root + "/a/b/c/g.txt")
                let later = FileChange.changed(root + "/a/b/c/g.txt")
                changes = await recorder.settledChanges(expecting: later)
                #expect(changes == [written, later])
            }
        }

        @Test func directoryMovedInHasItsFilesChanged() async throws {
            let outside = try TemporaryFolder(prefix: "furet-watcher")
            defer { outside.remove() }
            try writeFile(outside.path + "/d/x.txt")
            try writeFile(outside.path + "/d/sub/y.txt")
            try await withWatcher { root, watcher, recorder in
                try renameItem(outside.path + "/d", root + "/d")
                let files: Set<FileChange> = [.changed(root + "/d/x.txt"), .changed(root + "/d/sub/y.txt")]
                var changes = await recorder.settledChanges { Set($0).isSuperset(of: files) }
                #expect(changes.count == 2)
                #expect(Set(changes) == files)
                #expect(watcher.watchedDirectoryCount == 3)

                try writeFile(root + "/d/sub/z.txt")
                changes = await recorder.settledChanges(expecting: .changed(root + "/d/sub/z.txt"))
                #expect(changes.count == 3)
            }
        }

        @Test func directoryMovedOutIsRemoved() async throws {
            let outside = try TemporaryFolder(prefix: "furet-watcher")
            defer { outside.remove() }
            try await withWatcher(before: { root in try writeFile(root + "/d/sub/x.txt") }) { root, watcher, recorder in
                try renameItem(root + "/d", outside.path + "/d")
                var changes = await recorder.settledChanges(expecting: .removed(root + "/d"))
                #expect(changes == [.removed(root + "/d")])
                #expect(watcher.watchedDirectoryCount == 1)

                try writeFile(outside.path + "/d/sub/y.txt")
                try writeFile(root + "/after.txt")
                let after = FileChange.changed(root + "/after.txt")
                changes = await recorder.settledChanges(expecting: after)
                #expect(changes == [.removed(root + "/d"), after])
            }
        }

        /// The writes take 0.5 to 1.5 s on a slow disk, so the batches are bounded by the time the
        /// writes took: one batch per 250 ms window (the default `maxDelay`), twice that when a
        /// loaded machine pauses the writer for longer than `debounce`, plus the last one.
        /// Without coalescing there would be hundreds.
        @Test func burstOfWritesComesOutAsFewBatchesWithEachFileOnce() async throws {
            try await withWatcher { root, _, recorder in
                let paths = (0..<2_000).map { root + "/file-\($0).txt" }
                let writing = try ContinuousClock().measure {
                    for path in paths {
                        try writeFile(path)
                    }
                }
                let expected = Set(paths.map(FileChange.changed))
                let changes = await recorder.settledChanges { Set($0).isSuperset(of: expected) }
                #expect(changes.count == paths.count)
                #expect(Set(changes) == expected)
                #expect(recorder.batches.count <= 2 * Int(writing / .milliseconds(250)) + 2)
            }
        }

        @Test func continuousWritesAreDeliveredWithoutWaitingForAPause() async throws {
            try await withWatcher(maxDelay: .milliseconds(100)) { root, _, recorder in
                for index in 0..<60 { // 10 ms apart: never the 30 ms pause that ends a batch
                    try writeFile(root + "/file-\(index % 5).txt", "version \(index)")
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(recorder.batches.count >= 2)
            }
        }

        @Test func hiddenFilesAndEditorLeftoversAreIgnored() async throws {
            try await withWatcher { root, watcher, recorder in
                for name in [".hidden.txt", ".git/x", "a.txt~", ".a.txt.swp", "#a.txt#", ".cache/d/y.txt"] {
                    try writeFile(root + "/" + name)
                }
                try writeFile(root + "/visible.txt")
                let visible = FileChange.changed(root + "/visible.txt")
                let changes = await recorder.settledChanges(expecting: visible)
                #expect(changes == [visible])
                #expect(watcher.watchedDirectoryCount == 1)
            }
        }

        @Test func renamesFromAndToIgnoredNamesAreChangesAndRemovals() async throws {
            try await withWatcher(before: { root in try writeFile(root + "/doc.txt") }) { root, _, recorder in
                try writeFile(root + "/.goutputstream-XYZ", "new version")
                try renameItem(root + "/.goutputstream-XYZ", root + "/doc.txt")
                let changed = FileChange.changed(root + "/doc.txt")
                var changes = await recorder.settledChanges(expecting: changed)
                #expect(changes == [changed])

                try renameItem(root + "/doc.txt", root + "/doc.txt~")
                let removed = FileChange.removed(root + "/doc.txt")
                changes = await recorder.settledChanges(expecting: removed)
                #expect(changes == [changed, removed])
            }
        }

        @Test func pathsRejectedByIsIgnoredAreNeitherWatchedNorReported() async throws {
            let isIgnored: @Sendable (String) -> Bool = { $0.hasSuffix("/build") || $0.hasSuffix(".log") }
            let before: (String) throws -> Void = { root in try makeDirectory(root + "/build") }
            try await withWatcher(isIgnored: isIgnored, before: before) { root, watcher, recorder in
                #expect(watcher.watchedDirectoryCount == 1)
                try writeFile(root + "/build/x.txt")
                try writeFile(root + "/a.log")
                try writeFile(root + "/ok.txt")
                let ok = FileChange.changed(root + "/ok.txt")
                let changes = await recorder.settledChanges(expecting: ok)
                #expect(changes == [ok])
            }
        }

        @Test func watchedDirectoryCountCountsDirectoriesButNotLinksOrHiddenOnes() async throws {
            let outside = try TemporaryFolder(prefix: "furet-watcher")
            defer { outside.remove() }
            try writeFile(outside.path + "/elsewhere/x.txt")
            let before: (String) throws -> Void = { root in
                for directory in ["a/b", "c", ".git/objects"] {
                    try makeDirectory(root + "/" + directory)
                }
                try #require(symlink(outside.path + "/elsewhere", root + "/link") == 0)
            }
            try await withWatcher(before: before) { root, watcher, recorder in
                #expect(watcher.watchedDirectoryCount == 4) // root, a, a/b, c

                try makeDirectory(root + "/d")
                #expect(await waitUntil { watcher.watchedDirectoryCount == 5 })
                try FileManager.default.removeItem(atPath: root + "/d")
                #expect(await waitUntil { watcher.watchedDirectoryCount == 4 })

                // Neither the linked directory nor a new link are followed.
                try writeFile(outside.path + "/elsewhere/y.txt")
                try #require(symlink(outside.path + "/elsewhere/x.txt", root + "/file-link") == 0)
                try writeFile(root + "/sentinel.txt")
                let sentinel = FileChange.changed(root + "/sentinel.txt")
                let changes = await recorder.settledChanges(expecting: sentinel)
                #expect(changes.filter { if case .changed = $0 { true } else { false } } == [sentinel])
            }
        }

        @Test func directoriesOverTheWatchLimitAreReportedForRescanAndListed() async throws {
            let before: (String) throws -> Void = { root in
                try makeDirectory(root + "/a")
                try makeDirectory(root + "/b")
            }
            try await withWatcher(watchLimit: 2, before: before) { root, watcher, recorder in
                #expect(watcher.watchedDirectoryCount == 2)
                let unwatched = try #require(watcher.unwatchedDirectories.first)
                #expect(watcher.unwatchedDirectories == [unwatched])
                #expect([root + "/a", root + "/b"].contains(unwatched))
                var changes = await recorder.settledChanges(expecting: .rescan(unwatched))
                #expect(changes == [.rescan(unwatched)])

                try makeDirectory(root + "/c")
                changes = await recorder.settledChanges(expecting: .rescan(root + "/c"))
                #expect(changes.last == .rescan(root + "/c"))
                #expect(watcher.unwatchedDirectories == [unwatched, root + "/c"].sorted())

                try FileManager.default.removeItem(atPath: root + "/c")
                #expect(await waitUntil { watcher.unwatchedDirectories == [unwatched] })
            }
        }

        @Test func missingRootThrows() async throws {
            let missing = FileManager.default.temporaryDirectory.path + "/furet-missing-\(UUID())"
            let watcher = DirectoryWatcher(roots: [missing], logger: Logger(label: "furet.watcher.tests"))
            await #expect {
                try await watcher.run { _ in }
            } throws: { error in
                guard case WatcherError.cannotWatchRoot(missing, let underlying) = error else { return false }
                return underlying.errno == ENOENT && underlying.call == "inotify_add_watch"
            }
        }
    }
}

// MARK: - Harness

/// Watches a fresh temporary directory while `body` runs, then cancels the watcher, waits for
/// it to return and deletes the directory.
///
/// - Parameters:
///   - before: Prepares the directory before the watcher starts.
///   - body: Gets the root, the watcher and its recorded batches, once every directory is
///     watched.
private func withWatcher(
    maxDelay: Duration = .milliseconds(250),
    watchLimit: Int? = nil,
    isIgnored: @escaping @Sendable (String) -> Bool = { _ in false },
    unfinishedBatches: @escaping @Sendable (Int) -> Void = { _ in },
    before: (String) throws -> Void = { _ in },
    _ body: (String, DirectoryWatcher, Recorder) async throws -> Void
) async throws {
    let directory = try TemporaryFolder(prefix: "furet-watcher")
    defer { directory.remove() }
    try before(directory.path)
    let watcher = DirectoryWatcher(
        roots: [directory.path],
        logger: Logger(label: "furet.watcher.tests"),
        maxDelay: maxDelay,
        watchLimit: watchLimit,
        isIgnored: isIgnored,
        unfinishedBatches: unfinishedBatches
    )
    let recorder = Recorder()
    let run = Task {
        try await watcher.run(onReady: { recorder.markReady() }) { recorder.record($0) }
    }
    defer { run.cancel() }
    try #require(await waitUntil { recorder.isReady })
    try await body(directory.path, watcher, recorder)
    run.cancel()
    try await run.value
}

/// Collects the batches a watcher delivers.
private final class Recorder: Sendable {
    private struct State {
        var isReady = false
        var batches: [[FileChange]] = []
    }

    private let state = Mutex(State())

    var isReady: Bool { state.withLock { $0.isReady } }
    var batches: [[FileChange]] { state.withLock { $0.batches } }

    func markReady() {
        state.withLock { $0.isReady = true }
    }

    func record(_ batch: [FileChange]) {
        state.withLock { $0.batches.append(batch) }
    }

    /// All changes so far, once `condition` holds for them (or the wait has timed out) and then no
    /// batch arrived for 400 ms, longer than a batch can be held back: nothing is left pending.
    func settledChanges(until condition: ([FileChange]) -> Bool) async -> [FileChange] {
        _ = await waitUntil { condition(self.batches.flatMap(\.self)) }
        var seen = batches.count
        while await waitUntil(timeout: .milliseconds(400), { self.batches.count > seen }) {
            seen = batches.count
        }
        return batches.flatMap(\.self)
    }

    func settledChanges(expecting change: FileChange) async -> [FileChange] {
        await settledChanges { $0.contains(change) }
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
///
/// The default bounds a hang, not the watcher's speed: the watcher's events reach the test
/// through the cooperative pool, which the suites running beside these (two threads on a
/// 2-core machine) can hold for tens of seconds under load, as a full run in CI once did.
private func waitUntil(
    timeout: Duration = .seconds(60),
    _ condition: () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

private func makeDirectory(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
}

/// Writes `text` to `path` in place (open, write, close: one `IN_CLOSE_WRITE`), creating the
/// missing directories first.
private func writeFile(_ path: String, _ text: String = "du texte") throws {
    try makeDirectory(String(path[..<path.lastIndex(of: "/")!]))
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(descriptor >= 0, "open \(path): errno \(errno)")
    defer { close(descriptor) }
    let written = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    try #require(written == text.utf8.count)
}

private func renameItem(_ source: String, _ destination: String) throws {
    try #require(rename(source, destination) == 0, "rename: errno \(errno)")
}

// MARK: - ChangeBatch

extension WatcherTests {
    struct ChangeBatchTests {
        @Test func writesOfAFileAreReportedOnce() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/a")
            batch.fileChanged("/r/b")
            batch.fileChanged("/r/a")
            #expect(batch.changes == [.changed("/r/b"), .changed("/r/a")])
        }

        @Test func writeThenDeleteIsRemoved() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/a")
            batch.fileRemoved("/r/a")
            #expect(batch.changes == [.removed("/r/a")])
        }

        @Test func fileCreatedAndDeletedWithinTheBatchIsNotReported() {
            var batch = ChangeBatch()
            batch.fileCreated("/r/a")
            batch.fileChanged("/r/a")
            batch.fileRemoved("/r/a")
            #expect(batch.changes.isEmpty)
            #expect(batch.isEmpty)
        }

        @Test func deleteThenRecreateIsChanged() {
            var batch = ChangeBatch()
            batch.fileRemoved("/r/a")
            batch.fileCreated("/r/a")
            batch.fileChanged("/r/a")
            #expect(batch.changes == [.changed("/r/a")])
        }

        @Test func atomicSaveIsTheOriginalChanged() {
            var batch = ChangeBatch()
            batch.fileCreated("/r/doc.tmp")
            batch.fileChanged("/r/doc.tmp")
            batch.moved(from: "/r/doc.tmp", to: "/r/doc", isDirectory: false)
            #expect(batch.changes == [.changed("/r/doc")])
        }

        @Test func atomicSaveThroughAnOlderTemporaryFileRemovesIt() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/doc.tmp") // existed before the batch: the index may hold it
            batch.moved(from: "/r/doc.tmp", to: "/r/doc", isDirectory: false)
            #expect(batch.changes == [.removed("/r/doc.tmp"), .changed("/r/doc")])
        }

        @Test func renameThenRecreateKeepsBothInOrder() {
            var batch = ChangeBatch()
            batch.moved(from: "/r/a", to: "/r/a.bak", isDirectory: false)
            batch.fileCreated("/r/a")
            batch.fileChanged("/r/a")
            #expect(batch.changes == [.moved(from: "/r/a", to: "/r/a.bak"), .changed("/r/a")])
        }

        @Test func renameOverAChangedFileReplacesIt() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/b")
            batch.moved(from: "/r/a", to: "/r/b", isDirectory: false)
            #expect(batch.changes == [.moved(from: "/r/a", to: "/r/b")])
        }

        @Test func directoryRemovalSupersedesWhatIsBelowIt() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/d/x")
            batch.fileChanged("/r/other")
            batch.fileRemoved("/r/d/sub/y")
            batch.directoryRemoved("/r/d/sub")
            batch.directoryRemoved("/r/d")
            #expect(batch.changes == [.changed("/r/other"), .removed("/r/d")])
        }

        @Test func directoryRemovalKeepsChangesThatAMoveCarriedAway() {
            var batch = ChangeBatch()
            batch.fileChanged("/r/d/x")
            batch.moved(from: "/r/d", to: "/r/e", isDirectory: true)
            batch.directoryRemoved("/r/d")
            #expect(batch.changes == [.changed("/r/d/x"), .moved(from: "/r/d", to: "/r/e"), .removed("/r/d")])
        }

        @Test func rescanCoversItsSubtree() {
            var batch = ChangeBatch()
            batch.rescan("/r")
            batch.rescan("/r/a")
            batch.rescan("/r")
            #expect(batch.changes == [.rescan("/r")])
        }
    }
}

// MARK: - Parts

extension WatcherTests {
    struct PartsTests {
        @Test func eventsAreParsedWithTheirNames() {
            var bytes: [UInt8] = []
            func append(descriptor: Int32, mask: UInt32, cookie: UInt32, name: [UInt8], paddedTo length: Int) {
                withUnsafeBytes(of: descriptor.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: UInt32(length).littleEndian) { bytes += $0 }
                bytes += name + Array(repeating: 0, count: length - name.count)
            }
            append(descriptor: 1, mask: UInt32(IN_MOVED_FROM), cookie: 42, name: Array("été.txt".utf8), paddedTo: 16)
            append(descriptor: 2, mask: UInt32(IN_DELETE_SELF), cookie: 0, name: [], paddedTo: 0)
            append(descriptor: 3, mask: UInt32(IN_CREATE), cookie: 0, name: [0xFF, 0xFE], paddedTo: 16) // not UTF-8: escaped
            append(descriptor: 4, mask: UInt32(IN_CREATE | IN_ISDIR), cookie: 0, name: Array("d".utf8), paddedTo: 16)

            let events = bytes.withUnsafeBytes(InotifyEvent.parse)

            #expect(events == [
                InotifyEvent(descriptor: 1, mask: .movedFrom, cookie: 42, name: "été.txt"),
                InotifyEvent(descriptor: 2, mask: .deleteSelf, cookie: 0, name: nil),
                InotifyEvent(descriptor: 3, mask: .create, cookie: 0, name: "\u{10FFFF}\u{10FFFE}"),
                InotifyEvent(descriptor: 4, mask: [.create, .isDirectory], cookie: 0, name: "d"),
            ])
        }

        @Test func movingATreeRenamesEveryPathBelowIt() {
            var table = WatchTable()
            table.insert(1, path: "/r")
            table.insert(2, path: "/r/d")
            table.insert(3, path: "/r/d/sub")
            table.insert(4, path: "/r/dd")
            table.markUnwatched("/r/d/sub/big")

            table.moveTree(from: "/r/d", to: "/r/e")

            #expect(table.path(for: 2) == "/r/e")
            #expect(table.path(for: 3) == "/r/e/sub")
            #expect(table.path(for: 4) == "/r/dd")
            #expect(table.unwatched == ["/r/e/sub/big"])
            #expect(table.knows("/r/e/sub/big/deeper"))
            #expect(!table.knows("/r/d"))

            #expect(Set(table.removeTree(at: "/r/e")) == [2, 3])
            #expect(table.count == 2)
            #expect(table.unwatched.isEmpty)
        }
    }
}
