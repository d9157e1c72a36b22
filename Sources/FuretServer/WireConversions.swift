import FuretCluster
import FuretIndex
import FuretProtocol

// The engine's results as the wire types of FuretProtocol.

extension SearchResult {
    init(_ results: RankedResults) {
        self.init(total: results.total, hits: results.hits.map(SearchHit.init),
                  suggestion: results.suggestion, corrected: results.suggestion.map { _ in results.isCorrected },
                  totalIsLowerBound: results.totalIsLowerBound ? true : nil,
                  partial: results.missingShards.isEmpty ? nil : true,
                  missingShards: results.missingShards.isEmpty ? nil : results.missingShards)
    }
}

extension SearchHit {
    init(_ hit: RankedHit) {
        self.init(
            path: hit.path, title: hit.title, score: hit.score, snippet: hit.snippet,
            highlights: hit.highlights.map { TextRange(start: $0.start, end: $0.end) },
            page: hit.page, pageLabel: hit.pageLabel, line: hit.line, part: hit.part
        )
    }
}

extension IndexStatus {
    init(_ status: FuretService.Status) {
        self.init(
            documents: status.documents, pending: status.pending, roots: status.roots, indexPath: status.indexPath,
            indexBytes: status.indexBytes, version: status.version, uptimeS: status.uptime,
            watchedDirectories: status.watchedDirectories,
            errors: status.problems.map {
                IndexStatus.Problem(reason: $0.reason.rawValue, message: $0.message, filesNotIndexed: $0.filesNotIndexed, since: $0.since)
            },
            skipped: status.skipped,
            progress: status.progress.map { progress in
                IndexStatus.Progress(
                    root: progress.root, phase: progress.phase.rawValue, filesTotal: progress.filesTotal,
                    filesDone: progress.filesDone, bytesTotal: progress.bytesTotal, bytesDone: progress.bytesDone,
                    skipped: progress.skipped, unchanged: progress.unchanged, startedAt: progress.startedAt,
                    finishedAt: progress.finishedAt, failed: progress.failed)
            },
            shards: status.shards.isEmpty ? nil : status.shards.map { shard in
                IndexStatus.Shard(address: shard.address.description, documents: shard.documents, healthy: shard.isHealthy,
                                  pendingFiles: shard.pendingFiles, problem: shard.problem, servedBy: shard.replica?.address.description,
                                  replicaDocuments: shard.replica?.documents, replicaBehindS: shard.replica?.behindSeconds)
            }
        )
    }
}

extension AnalyzedToken {
    init(_ explanation: TokenExplanation) {
        self.init(token: explanation.token, kind: explanation.kind.rawValue, start: explanation.start, end: explanation.end)
    }
}

extension SearchOrder {
    init(_ sort: SearchSort) {
        switch sort {
        case .relevance: self = .relevance
        case .date: self = .date
        case .newestFirst: self = .newestFirst
        }
    }
}
