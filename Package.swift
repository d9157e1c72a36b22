// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Furet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "furetd", targets: ["furetd"]),
        .executable(name: "furet", targets: ["furet"]),
        .executable(name: "furet-extract", targets: ["furet-extract"]),
        .library(name: "FuretAnalysis", targets: ["FuretAnalysis"]),
        .library(name: "FuretCluster", targets: ["FuretCluster"]),
        .library(name: "FuretDocuments", targets: ["FuretDocuments"]),
        .library(name: "FuretIndex", targets: ["FuretIndex"]),
        .library(name: "FuretProtocol", targets: ["FuretProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: System libraries (Debian packages, installed by Tools/test)
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer"),
        .systemLibrary(name: "CHunspell", path: "Sources/CHunspell"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CPoppler", path: "Sources/CPoppler", pkgConfig: "poppler-glib"),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .systemLibrary(name: "CGMime", path: "Sources/CGMime", pkgConfig: "gmime-3.0"),
        .systemLibrary(name: "CZip", path: "Sources/CZip", pkgConfig: "libzip"),
        .systemLibrary(name: "CSeccomp", path: "Sources/CSeccomp", pkgConfig: "libseccomp"),
        .target(name: "CMalloc"),
        // Xapian is C++: an `extern "C"` shim (libxapian-dev).
        .target(
            name: "CXapian",
            linkerSettings: [.linkedLibrary("xapian")]
        ),
        // poppler's core library is C++ too: an `extern "C"` shim for the pages' text, labels and
        // metadata (libpoppler-private-dev; its headers include one another from
        // /usr/include/poppler), which converts them with poppler-glib's rules (CPoppler).
        .target(
            name: "CPopplerText",
            dependencies: ["CPoppler"],
            cxxSettings: [.unsafeFlags(["-I/usr/include/poppler"])],
            linkerSettings: [.linkedLibrary("poppler"), .linkedLibrary("icuuc")]
        ),
        .target(name: "CSandbox"),
        .target(
            name: "CFuretSQLite",
            linkerSettings: [.linkedLibrary("sqlite3"), .linkedLibrary("m")]
        ),

        // MARK: FuretAnalysis — the French analyzer, pure (no SQLite, no I/O)
        .target(
            name: "FuretAnalysis",
            dependencies: [
                "CStemmer",
            ]
        ),
        .testTarget(
            name: "FuretAnalysisTests",
            dependencies: ["FuretAnalysis"]
        ),

        // MARK: FuretLemmas — Hunspell lemmas for the analyzer
        .target(
            name: "FuretLemmas",
            dependencies: [
                "CHunspell",
                "FuretAnalysis",
            ]
        ),
        .testTarget(
            name: "FuretLemmasTests",
            dependencies: ["FuretLemmas"]
        ),

        // MARK: FuretDocuments — files and formats: bytes in, text and structure out (no SQLite)
        .target(
            name: "FuretDocuments",
            dependencies: [
                "CDeflate",
                "CLibXML2",
            ]
        ),
        // MARK: FuretIsolatedFormats — the formats on C parsers, for furet-extract only: furetd
        // does not link it, so that poppler, libzip and GMime are not loaded into the daemon
        .target(
            name: "FuretIsolatedFormats",
            dependencies: [
                "CGMime",
                "CLibXML2",
                "CPoppler",
                "CPopplerText",
                "CZip",
                "FuretDocuments",
            ]
        ),
        .testTarget(
            name: "FuretDocumentsTests",
            dependencies: ["CPoppler", "CPopplerText", "FuretDocuments", "FuretIsolatedFormats"],
            // Read by path (see Fixture.swift), not bundled.
            exclude: ["Fixtures"]
        ),

        // MARK: FuretIndex — the index on GRDB/FTS5: ingestion, queries, ranking
        .target(
            name: "FuretIndex",
            dependencies: [
                "CDeflate",
                "CFuretSQLite",
                "CZstd",
                "FuretAnalysis",
                "FuretDocuments",
                "FuretLemmas",
                "FuretRelease",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FuretIndexTests",
            dependencies: [
                "CZstd",
                "FuretDocuments",
                "FuretIndex",
                "FuretTestSupport",
            ]
        ),

        // MARK: FuretCluster — furetd as a router over Xapian remote shards
        .target(
            name: "FuretCluster",
            dependencies: [
                "CXapian",
                "FuretAnalysis",
                "FuretIndex",
                "FuretLemmas",
            ],
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "FuretClusterTests",
            dependencies: [
                "FuretCluster",
                "FuretDocuments",
                "FuretIndex",
                "FuretTestSupport",
            ]
        ),

        // MARK: FuretRelease — the release and index format numbers, for every program
        .target(name: "FuretRelease"),

        // MARK: FuretProtocol — JSON-RPC types shared by daemon and client
        .target(name: "FuretProtocol"),
        .testTarget(
            name: "FuretProtocolTests",
            dependencies: ["FuretProtocol"]
        ),

        // MARK: FuretServer — request handling, socket server, file watcher
        .target(
            name: "FuretServer",
            dependencies: [
                "CMalloc",
                "FuretCluster",
                "FuretDocuments",
                "FuretIndex",
                "FuretLemmas",
                "FuretProtocol",
                "FuretRelease",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FuretServerTests",
            dependencies: [
                "FuretDocuments",
                "FuretRelease",
                "FuretServer",
                "FuretTestSupport",
            ]
        ),

        // MARK: Executables
        .executableTarget(
            name: "furetd",
            dependencies: [
                "FuretDocuments",
                "FuretRelease",
                "FuretServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "furet-extract",
            dependencies: [
                "CSandbox",
                "CSeccomp",
                "FuretDocuments",
                "FuretIsolatedFormats",
            ],
            // jemalloc (Debian `libjemalloc-dev`) serves the helper's allocations instead of
            // glibc's malloc: poppler allocates and frees an object for every token of a page's
            // content, and glibc's free lists took a fifth of the helper's CPU. Measured on the
            // PDFs of documents-fr (CPopplerText alone, user CPU, 4 alternations at load 18):
            // 1.43-1.53 s with glibc, 1.20-1.42 s (median 1.22) with jemalloc.
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        .executableTarget(
            name: "furet",
            dependencies: [
                "FuretProtocol",
                "FuretRelease",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The thin client links the Swift runtime and FoundationEssentials statically:
            // measured 10.3 -> 6.4 ms for a whole `furet search` (no dynamic loading of 16
            // libraries). Both settings are needed: the compiler flag makes the target import
            // the static FoundationEssentials, whose helper libraries the linker then pulls in.
            swiftSettings: [.unsafeFlags(["-static-stdlib"])],
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        .testTarget(
            name: "FuretClientTests",
            dependencies: [
                "FuretProtocol",
                "FuretRelease",
                "FuretTestSupport",
            ]
        ),

        // MARK: FuretTestSupport — what the test targets share: temporary folders, a socket
        // client, a fake daemon, the built executables and a furetd process
        .target(
            name: "FuretTestSupport",
            dependencies: [
                "FuretDocuments",
                "FuretProtocol",
            ],
            path: "Tests/FuretTestSupport"
        ),

        // MARK: Tools (benchmarks, evaluation)
        .executableTarget(
            name: "furet-bench",
            dependencies: [
                "FuretAnalysis",
                "FuretCluster",
                "FuretDocuments",
                "FuretIndex",
                "FuretIsolatedFormats",
                "FuretLemmas",
                "FuretProtocol",
                // Its local Xapian cluster (Tools/cluster), for the cluster section.
                "FuretTestSupport",
            ],
            path: "Tools/FuretBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: Settings shared by every Swift target
// Upcoming Swift features adopted everywhere at once, so no target lags behind: `any` marks
// every existential, so its cost is visible where it is used. (MemberImportVisibility is
// not adopted: glib's GError, which poppler-glib and GMime both include, is attributed to
// CGMime, and PDFFormat would have to import GMime to read it.)
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}
